# shellcheck shell=bash
# Helpers for the shell-driven tests: TAP-ish lines and a final tally.
#
# A test that cannot run here (a tool or a build feature missing) is a skip,
# never a pass: exit 77, which every test in tests/CMakeLists.txt declares
# as its SKIP_RETURN_CODE, so ctest reports it as skipped; the reason is the
# line "SKIP: REASON" in its output (./run_all.sh test lists them and fails
# when any test skipped: there every dependency is installed).
T_PASS=0 T_FAIL=0 T_SKIP=0 T_SKIPS=
t_ok()   { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
t_fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL - $*"; }
# t_skip REASON: the whole test cannot run here: say why, exit 77.
t_skip() { echo "SKIP: $*"; exit 77; }
# t_skip_part REASON: a part of the test cannot run here; the others do,
# and t_done then ends the test as skipped (77) unless something failed.
t_skip_part() {
	T_SKIP=$((T_SKIP + 1))
	T_SKIPS+="${T_SKIPS:+; }$*"
	echo "skip - $*"
}
# t_check DESC CMD...: pass when CMD succeeds.
t_check() { local d=$1; shift; if "$@"; then t_ok "$d"; else t_fail "$d"; fi; }
# t_expect_fail DESC PATTERN CMD...: CMD must exit non-zero with PATTERN on stderr+stdout.
t_expect_fail() {
	local d=$1 pat=$2 out rc
	shift 2
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [ "$rc" != 0 ] && grep -qE -- "$pat" <<<"$out"; then
		t_ok "$d (exit $rc: $(head -n 1 <<<"$out"))"
	else
		t_fail "$d: exit $rc, output: $out"
	fi
}
# t_expect_error DESC PATTERN CMD...: a user's bad input. CMD must exit
# non-zero with exactly one line on stderr, matching PATTERN (which should
# name the bad value), and nothing on stdout.
t_expect_error() {
	local d=$1 pat=$2 out err rc n f
	shift 2
	f=$(mktemp)
	out=$("$@" 2>"$f") && rc=0 || rc=$?
	err=$(cat "$f")
	n=$(grep -c '' "$f")
	rm -f "$f"
	if [ "$rc" != 0 ] && [ "$n" = 1 ] && [ -z "$out" ] && grep -qE -- "$pat" <<<"$err"; then
		t_ok "$d (exit $rc: $err)"
	else
		t_fail "$d: exit $rc, $n line(s) on stderr (want 1 matching '$pat'): $err${out:+; stdout: $out}"
	fi
}
# t_done: the tally; status 1 when a check failed, else 77 when a part was
# skipped (with its "SKIP:" line), else 0.
t_done() {
	echo "$T_PASS passed, $T_FAIL failed$([ "$T_SKIP" = 0 ] || echo ", $T_SKIP skipped")"
	[ "$T_FAIL" = 0 ] || return 1
	[ "$T_SKIP" = 0 ] || { echo "SKIP: $T_SKIP part(s) not run: $T_SKIPS"; return 77; }
}

# The files' head: the machine (T_RELEASE: its kernel release), and with T_EMULATED=true|false its cpu's
# "emulated" (a QEMU TCG guest), T_CPU its name; both unset, no cpu object (older files).
t_header() {
	printf '{"schema_version": 1, "command": "test", "machine": {"kernel": {"release": "%s", "arch": "arm64", "page_size": 4096}%s}, "results": [\n' \
		"${T_RELEASE:-test-kernel}" \
		"$(if [ -n "${T_CPU:-}${T_EMULATED:-}" ]; then printf ', "cpu": {"id": 0, "name": "%s", "emulated": %s}' "${T_CPU:-QEMU max}" "${T_EMULATED:-false}"; fi)"
}
# t_bytes NAME: the size NAME's second part gives ("8MiB", "2M", "64K"), else 2 MiB.
t_bytes() {
	local s
	s=$(cut -s -d/ -f2 <<<"$1")
	case $s in
	[0-9]*K | [0-9]*KiB) echo $((${s%%K*} << 10)) ;;
	[0-9]*M | [0-9]*MiB) echo $((${s%%M*} << 20)) ;;
	[0-9]*G | [0-9]*GiB) echo $((${s%%G*} << 30)) ;;
	*) echo 2097152 ;;
	esac
}
# t_cold NAME: ', "cold": true' for a cold configuration (NAME ends in /cold), else nothing.
t_cold() {
	case $1 in */cold) printf ', "cold": true' ;; esac
}
# t_region NAME: the region kind before ':' in NAME's third part, else mixed.
t_region() {
	local s
	s=$(cut -s -d/ -f3 <<<"$1")
	case $s in *:*) echo "${s%%:*}" ;; *) echo mixed ;; esac
}

# result FILE NAME BASE...: a schema-1 file; one record per NAME, 40 samples
# around BASE (method: NAME up to its first '/'; mix and lazy mode from
# "mix=X/" and "lazy=X/" in NAME, else pte and on; size and region: t_bytes,
# t_region; cold calls: t_cold).
result() {
	local f=$1 first=1
	shift
	{
		t_header
		while [ $# -gt 0 ]; do
			[ $first = 1 ] || echo ','
			first=0
			samples=$(for i in $(seq 0 39); do echo $(($2 + (i * 7919) % 97)); done | paste -sd,)
			lazy=$(sed -n 's/.*lazy=\([^/]*\).*/\1/p' <<<"$1")
			method=${1%%/*}
			mix=$(sed -n 's/.*mix=\([^/]*\).*/\1/p' <<<"$1")
			printf '{"name": "%s", "status": "ok", "config": {"method": "%s", "region": "%s", "mix": "%s", "layout": "runs", "lazy": "%s", "tlb": "none", "bytes": %s, "iterations": 40%s}, "run": {"completed": 40, "entries_per_call": 512}, "ns": {"median": %s, "p5": 0, "p95": 0, "mean": 0, "stddev": 0}, "samples": {"ns": [%s]}}' "$1" "$method" "$(t_region "$1")" "${mix:-pte}" "${lazy:-on}" "$(t_bytes "$1")" "$(t_cold "$1")" "$2" "$samples"
			shift 2
		done
		echo ']}'
	} >"$f"
}

# result_net FILE NAME BASE NULL HITS KEEP...: like result, with UAPI 3's null
# windows (40 around NULL) and interrupt counts: the first HITS calls were hit
# by an interrupt and took 3 x BASE; KEEP (true/false) is keep_irq_samples.
# Size and region from NAME as in result (t_bytes, t_region), the lazy mode
# from "lazy=X/" (else on).
result_net() {
	local f=$1 first=1 i ns null irq
	shift
	{
		t_header
		while [ $# -gt 0 ]; do
			[ $first = 1 ] || echo ','
			first=0
			ns='' null='' irq=''
			for i in $(seq 0 39); do
				if [ "$i" -lt "$4" ]; then
					ns+="$(($2 * 3)),"; irq+="1,"
				else
					ns+="$(($2 + (i * 7919) % 97)),"; irq+="0,"
				fi
				null+="$(($3 + (i * 31) % 7)),"
			done
			printf '{"name": "%s", "status": "ok", "config": {"method": "%s", "region": "%s", "mix": "pte", "layout": "runs", "lazy": "%s", "tlb": "none", "bytes": %s, "iterations": 40%s}, "run": {"completed": 40, "entries_per_call": 512, "irq_hit_calls": %s}, "ns": {"median": 0, "p5": 0, "p95": 0, "mean": 0, "stddev": 0}, "keep_irq_samples": %s, "samples": {"ns": [%s], "null_ns": [%s], "irq": [%s]}}' \
				"$1" "${1%%/*}" "$(t_region "$1")" "$(sed -n 's/.*lazy=\([^/]*\).*/\1/p' <<<"$1" | grep . || echo on)" \
				"$(t_bytes "$1")" "$(t_cold "$1")" "$4" "$5" "${ns%,}" "${null%,}" "${irq%,}"
			shift 5
		done
		echo ']}'
	} >"$f"
}
