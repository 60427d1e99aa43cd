#!/usr/bin/env bash
# pageattr-bench: the whole pipeline in one command.
#
#   ./run_all.sh [--quick] [--kernel PROFILE|host] [--emulated-times] [--spec FILE] [--compare OLD_DIR] [--resume]
#   ./run_all.sh --ab A B | --ab A --patch FILE... [--quick] [--emulated-times] [--spec FILE]
#   ./run_all.sh --conversion [--spec FILE]           the pagewalk conversion as a kernel A/B: 7.2 from
#                                                     source against the same with the pre-conversion
#                                                     __change_memory_common() (vm/patches/), exact counts
#   ./run_all.sh [...] --split-control                also the split race on its positive control: 7.2
#                                                     from source without pgtable_split_lock (vm/patches/)
#                                                     the job on kernels A and B, B's report opening with the A/B
#   ./run_all.sh test [--slow]                        install, build, run every test (ctest); --slow: the
#                                                     full arm64 machine and the fleet too (ctest -L slow)
#   ./run_all.sh deps [host|guest|test|slow]          only install what that needs and is missing [test]
#   ./run_all.sh build                                only build (host tools, guest tools, modules)
#   ./run_all.sh bench-stats                          time the statistics on 10M-sample files (tests/bench/stats_scale.sh)
#   ./run_all.sh bench-coverage                       the A/B interval's coverage and verdicts by simulation (tests/bench/coverage.c)
#
# Main job: build, then 'info', 'selftest' and a sweep (bench/specs/default.spec,
# --quick: quick.spec) on the host when it can load modules, else in a QEMU
# guest (default profile arm64-7.2), then the concurrency mode and the split
# race (the cpa_lock verdict) and the hyperfine cross-check; then, on
# the host, analyze and report (plots, report.md/html, lkml.txt). Everything
# goes to results/<date>-<kernel>/. In a guest the job is exact: -icount (one
# instruction = 1 ns) and, on arm64, the counting plugin (every timed call's
# instructions, barriers and TLBIs: barriers.json), the report leading with
# those counts; the concurrency experiment gets its own boot with two vCPUs
# on parallel TCG threads (a race needs real parallelism, icount has none).
# --emulated-times: the guest's TCG times instead, a diagnostic that never
# gives a verdict.
set -euo pipefail
PAB_PROG=run_all
. "$(dirname "$0")/vm/lib.sh"
cd "$PAB_ROOT"

# The package lists (HOST_MODE_PKGS, GUEST_PKGS, TEST_PKGS, SLOW_PKGS): vm/packages.sh.
. "$PAB_ROOT/vm/packages.sh"

# deps host|guest|test: install what that mode needs and is missing.
deps() {
	local mode=${1:-guest} missing=() p pkgs=("${HOST_MODE_PKGS[@]}")
	case $mode in
	host) ;;
	guest) pkgs+=("${GUEST_PKGS[@]}") ;;
	test) pkgs+=("${GUEST_PKGS[@]}" "${TEST_PKGS[@]}") ;;
	slow) pkgs=("${SLOW_PKGS[@]}") ;;
	*) pab_die "deps: unknown set '$mode' (host, guest, test, slow)" ;;
	esac
	if ! command -v dpkg-query >/dev/null 2>&1; then
		command -v dnf >/dev/null 2>&1 && [ "$mode" = host ] ||
			pab_die "no apt here: install by hand: ${pkgs[*]} (Debian names; Fedora/Amazon Linux, host mode: dnf install ${HOST_MODE_DNF[*]})"
		for p in "${HOST_MODE_DNF[@]}"; do rpm -q "$p" >/dev/null 2>&1 || missing+=("$p"); done
		[ ${#missing[@]} = 0 ] && return 0
		[ "$(id -u)" = 0 ] || pab_die "missing packages: ${missing[*]}; run as root or: sudo dnf install ${missing[*]}"
		pab_log "installing ${missing[*]} (dnf)"
		mkdir -p "$PAB_BUILD"
		dnf install -y -q "${missing[@]}" >"$PAB_BUILD/dnf.log" 2>&1 ||
			pab_die "dnf install failed (log: $PAB_BUILD/dnf.log): $(pab_last_error "$PAB_BUILD/dnf.log")"
		return 0
	fi
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} = 0 ] && return 0
	[ "$(id -u)" = 0 ] || pab_die "missing packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
	pab_log "installing ${missing[*]}"
	mkdir -p "$PAB_BUILD"
	apt-get update -qq >"$PAB_BUILD/apt.log" 2>&1 ||
		pab_die "apt-get update failed (log: $PAB_BUILD/apt.log): $(pab_last_error "$PAB_BUILD/apt.log")"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$PAB_BUILD/apt.log" 2>&1 ||
		pab_die "apt-get install failed (log: $PAB_BUILD/apt.log): $(pab_last_error "$PAB_BUILD/apt.log")"
}

build_host() {
	cmake -S . -B "$PAB_BUILD/host" -DPAB_TESTS=ON >"$PAB_BUILD/host.configure.log" 2>&1 ||
		pab_die "cmake configure failed (log: $PAB_BUILD/host.configure.log)"
	cmake --build "$PAB_BUILD/host" -j "$(nproc)" >"$PAB_BUILD/host.build.log" 2>&1 ||
		{ pab_excerpt "$PAB_BUILD/host.build.log" error 10; pab_die "build failed (log: $PAB_BUILD/host.build.log)"; }
}

# Everything a guest run of PROFILE needs, fetched and built (cached).
prepare_guest() {
	pab_profile "$1"
	vm/fetch_kernel.sh "$1"
	vm/build_kmod.sh "$1" >/dev/null
	vm/build_userspace.sh "$PROFILE_ARCH" >/dev/null
}

# Auto mode picks the host when its kernel can load modules at all; what else
# it needs (root, headers, kprobes, the compiler, signing) vm/host_kmod.sh
# checks, one line each with the fix: a server missing its headers hears the
# package to install rather than being moved into an emulator.
host_can_load_modules() {
	[ -e /proc/modules ]
}

main_job() {
	local kernel=auto clock=(--exact) spec=$PAB_ROOT/bench/specs/default.spec compare= ab=() patches=() p a_out
	local conversion='' spec_given=''
	resume='' split_control=''
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) kernel=${2:?--kernel needs a profile or 'host'}; shift ;;
		# --ab A B: the same job on two kernels, B's report opening with B against A.
		--ab) ab=("${2:?--ab needs two kernels, e.g. --ab arm64-7.2-src arm64-7.2-src+no-lazy}")
			shift
			if [ $# -ge 2 ] && [ "${2#-}" = "$2" ]; then ab+=("$2"); shift; fi ;;
		# --conversion: the A/B of the conversion alone (vm/patches/0001-...):
		# B is 7.2 with the pre-conversion __change_memory_common(), A is 7.2.
		--conversion) conversion=1 ;;
		# --split-control: the split race on a kernel without pgtable_split_lock too.
		--split-control) split_control=1 ;;
		# --patch FILE: B is A with these patches (vm/patch_kernel.sh builds it).
		--patch) p=${2:?--patch needs a patch file}; shift
			[ -f "$p" ] || pab_die "--patch $p: no such file"
			patches+=(--patch "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")") ;;
		# Guests are exact by default (--icount is that default, kept as a word);
		# --emulated-times asks for the emulator's times, as a diagnostic.
		--icount) clock=(--exact) ;;
		--emulated-times) clock=(--emulated) ;;
		--quick) spec=$PAB_ROOT/bench/specs/quick.spec ;;
		# --resume (host mode): go on with the newest unfinished run on this kernel.
		--resume) resume=1 ;;
		--compare) compare=${2:?--compare needs an earlier results directory}; shift
			[ -f "$compare/results.json" ] || pab_die "--compare $compare: no results.json there" ;;
		--spec) spec=${2:?--spec needs a sweep spec file}; shift
			[ -f "$spec" ] || pab_die "--spec $spec: no such file"
			spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec") spec_given=1 ;;
		# The comment block above, however long it grows.
		-h | --help) sed -n '2,/^set -euo pipefail/s/^# \{0,1\}//p' "$0"; exit 0 ;;
		*) pab_die "unknown option '$1' (see ./run_all.sh --help)" ;;
		esac
		shift
	done
	if [ -n "$conversion" ]; then
		[ ${#ab[@]} = 0 ] && [ ${#patches[@]} = 0 ] && [ "$kernel" = auto ] ||
			pab_die "--conversion names its kernels (arm64-7.2-src and the same before the conversion): drop --ab, --patch and --kernel"
		[ "${clock[0]}" = --exact ] || pab_die "--conversion is an exact-count A/B: drop --emulated-times"
		ab=(arm64-7.2-src)
		patches=(--patch "$PAB_ROOT/vm/patches/0001-arm64-mm-pageattr-pre-conversion-change_memory_common.patch" --name pre-conversion)
		[ -n "$spec_given" ] || spec=$PAB_ROOT/bench/specs/conversion.spec
	fi
	if [ ${#patches[@]} -gt 0 ]; then
		[ ${#ab[@]} = 1 ] || pab_die "--patch goes with --ab BASE (B is BASE with the patches), not with two kernels or none"
		pab_profile "${ab[0]}"
		deps guest
		p=$(vm/patch_kernel.sh "${ab[0]}" "${patches[@]}")
		ab+=("$p")
	fi
	if [ ${#ab[@]} -gt 0 ]; then
		[ ${#ab[@]} = 2 ] || pab_die "--ab needs two kernels (--ab A B) or one and --patch FILE"
		[ "$kernel" = auto ] || pab_die "--ab names the kernels: drop --kernel"
		run_kernel "${ab[0]}" "" "$spec" "${clock[@]}"
		a_out=$out
		run_kernel "${ab[1]}" "$a_out" "$spec" "${clock[@]}"
		pab_log "A/B: ${ab[1]} against ${ab[0]}: $out/report.html (A's own report: $a_out/report.html)"
		return
	fi
	if [ -n "$resume" ] && [ "$kernel" != host ] && { [ "$kernel" != auto ] || ! host_can_load_modules; }; then
		pab_die "--resume goes on with a host-mode run (--kernel host); a guest run is one boot, run it again"
	fi
	run_kernel "$kernel" "$compare" "$spec" "${clock[@]}"
}

# split_control_run OUT: the split race on 7.2 from source without
# pgtable_split_lock (vm/patches/0002-...: a test-only positive control,
# built once from arm64-7.2-src's objects), in a 2-vCPU BBML2 guest, into
# OUT/split_race_control.json. --expect-race: no inconsistency there means
# the experiment is too weak, and the job stops saying so.
split_control_run() {
	local p
	p=$(vm/patch_kernel.sh arm64-7.2-src --name no-split-lock \
		--patch "$PAB_ROOT/vm/patches/0002-arm64-mm-split-kernel-leaf-mapping-without-pgtable_split_lock.patch")
	vm/guest.sh -n --kernel "$p" --smp 2 --midr "$PAB_BBML2_MIDR" --out "$1/split-control" -- \
		pageattr-bench split-race --expect-race -o split_race_control.json ||
		pab_die "the split race's control did not show the race (see $1/split-control/console.log): the experiment is too weak"
	mv "$1/split-control/split_race_control.json" "$1/"
}

# run_kernel KERNEL COMPARE_DIR SPEC --exact|--emulated: the job on one
# kernel (a profile, 'host' or 'auto'); sets out to its results directory.
# The clock choice matters in a guest only: a host's clock is the CPU's.
run_kernel() {
	local kernel=$1 compare=$2 spec=$3 mode=$4 krel guest_clock=() boot
	if [ "$kernel" = auto ]; then
		if host_can_load_modules; then kernel=host; else
			kernel=arm64-7.2
			pab_log "this host cannot load modules: running in a QEMU guest ($kernel)"
		fi
	fi
	[ "$kernel" = host ] || pab_profile "$kernel"
	if [ "$kernel" = host ]; then deps host; else deps guest; fi
	mkdir -p "$PAB_BUILD"
	build_host
	if [ "$kernel" = host ]; then
		[ -e /proc/modules ] || pab_die "--kernel host: this kernel cannot load modules (no /proc/modules)"
		krel=$(uname -r)
		out=results/$(date +%Y%m%d-%H%M%S)-$krel
		# --resume: the newest run on this kernel goes on where it stopped (each
		# step whose output is there is kept, the sweep resumes from its journal);
		# one that finished (its sweep complete and its report written:
		# pab_run_finished in vm/lib.sh) is not run again.
		if [ -n "$resume" ] && prev=$(ls -d results/*-"$krel" 2>/dev/null | sort | tail -n 1) && [ -n "$prev" ]; then
			out=$prev
			if pab_run_finished "$out"; then
				pab_log "--resume: $out finished already (sweep complete, report.html written): nothing to run"
				return 0
			fi
			pab_log "--resume: going on with $out ($(cat "$out/results.json.jsonl" 2>/dev/null | grep -c '') sweep configurations journaled)"
		fi
		mkdir -p "$out"
		# Root, headers, kprobes, the kernel's compiler, signing: one line each (vm/host_kmod.sh).
		ko=$(vm/host_kmod.sh "$PAB_BUILD/host/kmod-$krel")
		rmmod pageattr_bench 2>/dev/null || true
		# Unloaded at the end whatever happened (a run's failure, ^C).
		trap 'rmmod pageattr_bench 2>/dev/null || true' EXIT
		if ! err=$(insmod "$ko" 2>&1); then
			pab_die "insmod $ko failed: ${err##*: }$(dmesg 2>/dev/null | grep -m1 -i pageattr_bench | sed 's/^/; dmesg: /')"
		fi
		"$PAB_BUILD/host/bench/pageattr-bench" info --json >"$out/info.json"
		"$PAB_BUILD/host/bench/pageattr-bench" info
		"$PAB_BUILD/host/bench/pageattr-bench" selftest | tee "$out/selftest.tap"
		# Until its file says "complete": true (pab_sweep_complete), the sweep
		# goes on from its journal: a run stopped by ^C, a kill or a crash
		# left a results.json of the configurations done so far. In a new
		# directory there is no journal and --resume starts from the first.
		if ! pab_sweep_complete "$out/results.json"; then
			"$PAB_BUILD/host/bench/pageattr-bench" sweep "$spec" -o "$out/results.json" --resume
		fi
		[ -f "$out/concurrency.json" ] ||
			"$PAB_BUILD/host/bench/pageattr-bench" concurrent -o "$out/concurrency.json" \
				--csv "$out/concurrency.csv"
		# The split race: splits happen only on a CPU with BBML2 (AmpereOne); elsewhere it says so.
		if [ "$(uname -m)" = aarch64 ] && [ ! -f "$out/split_race.json" ]; then
			"$PAB_BUILD/host/bench/pageattr-bench" split-race -o "$out/split_race.json" ||
				[ -f "$out/split_race.json" ] || pab_die "the split race failed (see above)"
		fi
		[ -f "$out/hyperfine.json" ] ||
			"$PAB_BUILD/host/bench/pageattr-bench" cross-check --runs 5 \
				--warmup 1 -o "$out/hyperfine.json" -- -s 2M -n 20
	else
		prepare_guest "$kernel"
		# Exact: icount, and on arm64 the plugin's counts (vm/guest.sh --count-insns).
		if [ "$mode" = --exact ]; then
			guest_clock=(--icount)
			[ "$PROFILE_ARCH" = arm64 ] && guest_clock+=(--count-insns)
		fi
		krel=$(cat "$PROFILE_DIR/krelease")
		out=results/$(date +%Y%m%d-%H%M%S)-$krel
		mkdir -p "$out"
		vm/guest.sh -n --kernel "$kernel" "${guest_clock[@]}" --out "$out/guest" --in "$spec" -- \
			sh -c 'pageattr-bench info --json > info.json && pageattr-bench info &&
				pageattr-bench selftest > selftest.tap; rc=$?; cat selftest.tap; [ $rc = 0 ] || exit $rc
				pageattr-bench sweep /pab/in/'"$(basename "$spec")"' -o results.json --progress plain || exit $?
				pageattr-bench cross-check --runs 5 --warmup 1 -o hyperfine.json -- -s 2M -n 20'
		mv "$out/guest/info.json" "$out/guest/selftest.tap" "$out/guest/results.json" \
			"$out/guest/results.csv" "$out/guest/hyperfine.json" "$out/"
		# The concurrency experiment in a boot of its own: two vCPUs on two TCG
		# threads (-icount would run them in turn, and no race could happen).
		# On arm64 the CPU is one on the kernel's BBML2 allow-list, so the split
		# race's splits happen (the times stay the emulator's); its exit 1 is an
		# inconsistency found, which the report states.
		# A kernel whose patches say "Pab-Requires: no-bbml2" (the pre-conversion
		# __change_memory_common(): apply_to_page_range() WARNs on the blocks a
		# BBML2 linear map has) keeps QEMU's max CPU; its split race then says
		# the race was not exercised.
		boot=concurrency midr=()
		if [ "$PROFILE_ARCH" = arm64 ] && ! grep -qs '^Pab-Requires: no-bbml2' "$PROFILE_DIR"/patches/*; then
			midr=(--midr "$PAB_BBML2_MIDR")
		fi
		vm/guest.sh -n --kernel "$kernel" --smp 2 "${midr[@]}" --out "$out/$boot" -- \
			sh -c 'pageattr-bench concurrent -o concurrency.json --csv concurrency.csv || exit $?
				[ "$(uname -m)" = aarch64 ] || exit 0
				pageattr-bench split-race -o split_race.json || [ -f split_race.json ]'
		mv "$out/$boot/concurrency.json" "$out/$boot/concurrency.csv" "$out/"
		[ ! -f "$out/$boot/split_race.json" ] || mv "$out/$boot/split_race.json" "$out/"
		if [ -n "$split_control" ]; then
			[ "$PROFILE_ARCH" = arm64 ] || pab_die "--split-control: the split race is arm64's (pgtable_split_lock)"
			split_control_run "$out"
		fi
		# The plugin's counts, joined to the sweep's records by run number.
		if [ -f "$out/guest/insns.tsv" ]; then
			mv "$out/guest/insns.tsv" "$out/"
			"$PAB_BUILD/host/bench/pageattr-bench" barriers "$out/insns.tsv" "$out/results.json" \
				-o "$out/barriers.json" >"$out/barriers.txt"
		fi
	fi
	# No report of a partial sweep: a run is finished only with all of it.
	pab_sweep_complete "$out/results.json" ||
		pab_die "the sweep in $out is not complete (its results.json does not say \"complete\": true): ./run_all.sh --resume goes on with it"
	# Analysis is host work: the reader, gnuplot and the report.
	"$PAB_BUILD/host/bench/pageattr-bench" analyze "$out/results.json" >"$out/analysis.txt" ||
		pab_die "analysis failed (see $out/analysis.txt)"
	"$PAB_BUILD/host/bench/pageattr-bench" report "$out" ${compare:+--compare "$compare"} ||
		pab_die "the report failed"
	pab_log "results in $out/; report: $out/report.html (and report.md, lkml.txt)"
}

# test [--slow] [CTEST ARGS]: every test but the slow ones (ctest -L slow:
# the full arm64 machine and the fleet, an hour or more under TCG); --slow
# runs them too. Ends with the skipped tests' count and reasons, and fails
# when a test was skipped (PAB_ALLOW_SKIPS=1: accepted).
test_all() {
	local profiles slow=(-LE slow)
	if [ "${1:-}" = --slow ]; then
		shift
		slow=()
	fi
	deps test
	[ ${#slow[@]} -gt 0 ] || deps slow
	mkdir -p "$PAB_BUILD"
	build_host
	export PAB_KMOD_WERROR=1 # the module builds here and in the tests: a warning fails them
	profiles=$(cat "$PAB_BUILD/host/guest-profiles.txt")
	for p in $profiles; do
		pab_log "preparing guest $p"
		prepare_guest "$p"
	done
	# No test reads the caller's terminal or pipe (guest.sh would forward it).
	# Its output is kept: it alone says which tests were skipped.
	local rc skipped=0
	set +e
	ctest --test-dir "$PAB_BUILD/host" --output-on-failure "${slow[@]}" "$@" </dev/null |
		tee "$PAB_BUILD/host/ctest.log"
	rc=${PIPESTATUS[0]}
	set -e
	# Every dependency is installed here: a skipped test is a failure, with
	# its reason (tests/skips.sh; PAB_ALLOW_SKIPS=1 accepts skips).
	tests/skips.sh "$PAB_BUILD/host/ctest.log" "$PAB_BUILD/host" || skipped=1
	[ "$rc" = 0 ] || pab_die "ctest failed (exit $rc)"
	[ "$skipped" = 0 ] || pab_die "tests were skipped (see above)"
}

case ${1:-} in
test) shift; test_all "$@" ;;
deps) deps "${2:-test}" ;;
bench-stats) deps test; mkdir -p "$PAB_BUILD"; build_host; tests/bench/stats_scale.sh "$PAB_BUILD/host" ;;
bench-coverage) deps test; mkdir -p "$PAB_BUILD"; build_host; "$PAB_BUILD/host/tests/pab-coverage" "${@:2}" ;;
build) deps guest; mkdir -p "$PAB_BUILD"; build_host; for p in $(pab_profile_names); do prepare_guest "$p"; done ;;
*) main_job "$@" ;;
esac
