#!/usr/bin/env bash
# pageattr-bench: the whole pipeline in one command.
#
#   ./run_all.sh [--quick] [--kernel PROFILE|host] [--emulated-times] [--spec FILE] [--compare OLD_DIR] [--resume] [--out DIR]
#   ./run_all.sh --ab A B | --ab A --patch FILE... [--quick] [--emulated-times] [--spec FILE]
#   ./run_all.sh --conversion [--spec FILE]           the pagewalk conversion as a kernel A/B: 7.2 from
#                                                     source against the same with the pre-conversion
#                                                     __change_memory_common() (vm/patches/), exact counts
#   ./run_all.sh [...] --split-control                also the split race on its positive control: 7.2
#                                                     from source without pgtable_split_lock (vm/patches/)
#                                                     the job on kernels A and B, B's report opening with the A/B
#   ./run_all.sh --series BASE --patch FILE... | --bisect BASE --patch FILE... ...
#                                                     a patch series measured patch by patch, or bisected
#                                                     to the patch that moved a count (vm/series.sh --help)
#   ./run_all.sh test [--slow]                        install, build, run every test (ctest); --slow: the
#                                                     full arm64 machine and the fleet too (ctest -L slow)
#   ./run_all.sh deps [host|guest|test|slow|fleet]    only install what that needs and is missing [test]
#   ./run_all.sh build                                only build (host tools, guest tools, modules)
#   ./run_all.sh bench-stats                          time the statistics on 10M-sample files (tests/bench/stats_scale.sh)
#   ./run_all.sh bench-coverage                       the A/B interval's coverage and verdicts by simulation (tests/bench/coverage.c)
#
# Main job (vm/job.sh, once per kernel): build, then 'info', 'selftest' and a sweep (bench/specs/default.spec,
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
# gives a verdict. --out DIR: the results directory instead of results/<date>-<kernel>/.
set -euo pipefail
PAB_PROG=run_all
. "$(dirname "$0")/vm/lib.sh"
cd "$PAB_ROOT"

# The installer (apt or dnf): vm/install.sh; the job on one kernel: vm/job.sh.
deps() { "$PAB_ROOT/vm/install.sh" "$@"; }

main_job() {
	local kernel=auto clock=--exact spec=$PAB_ROOT/bench/specs/default.spec compare='' ab=() patches=() p a_out
	local conversion='' spec_given='' out='' job=()
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
		--split-control) job+=(--split-control) ;;
		# --patch FILE: B is A with these patches (vm/patch_kernel.sh builds it).
		--patch) p=${2:?--patch needs a patch file}; shift
			[ -f "$p" ] || pab_die "--patch $p: no such file"
			patches+=(--patch "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")") ;;
		# Guests are exact by default (--icount is that default, kept as a word);
		# --emulated-times asks for the emulator's times, as a diagnostic.
		--icount) clock=--exact ;;
		--emulated-times) clock=--emulated ;;
		--quick) spec=$PAB_ROOT/bench/specs/quick.spec ;;
		# --resume (host mode): go on with the newest unfinished run on this kernel.
		--resume) job+=(--resume) ;;
		--out) out=${2:?--out needs a directory}; shift ;;
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
		[ "$clock" = --exact ] || pab_die "--conversion is an exact-count A/B: drop --emulated-times"
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
	job+=(--spec "$spec" "$clock")
	if [ ${#ab[@]} -gt 0 ]; then
		[ ${#ab[@]} = 2 ] || pab_die "--ab needs two kernels (--ab A B) or one and --patch FILE"
		[ "$kernel" = auto ] || pab_die "--ab names the kernels: drop --kernel"
		[ -z "$out" ] || pab_die "--ab writes one directory per kernel: drop --out"
		vm/job.sh --kernel "${ab[0]}" "${job[@]}"
		a_out=$(cat "$PAB_BUILD/last-job")
		vm/job.sh --kernel "${ab[1]}" "${job[@]}" --compare "$a_out"
		pab_log "A/B: ${ab[1]} against ${ab[0]}: $(cat "$PAB_BUILD/last-job")/report.html (A's own report: $a_out/report.html)"
		return
	fi
	vm/job.sh --kernel "$kernel" "${job[@]}" ${out:+--out "$out"} ${compare:+--compare "$compare"}
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
	pab_build_host
	export PAB_KMOD_WERROR=1 # the module builds here and in the tests: a warning fails them
	profiles=$(cat "$PAB_BUILD/host/guest-profiles.txt")
	for p in $profiles; do
		pab_log "preparing guest $p"
		pab_prepare_guest "$p"
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
bench-stats) deps test; pab_build_host; tests/bench/stats_scale.sh "$PAB_BUILD/host" ;;
bench-coverage) deps test; pab_build_host; "$PAB_BUILD/host/tests/pab-coverage" "${@:2}" ;;
build) deps guest; pab_build_host; for p in $(pab_profile_names); do pab_prepare_guest "$p"; done ;;
# A patch series, patch by patch, and bisection (vm/series.sh).
--series | --bisect) exec "$PAB_ROOT/vm/series.sh" "$@" ;;
*) main_job "$@" ;;
esac
