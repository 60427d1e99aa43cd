#!/usr/bin/env bash
# The main job on one kernel, on this host or in a QEMU guest: 'info',
# 'selftest', the sweep, the hyperfine cross-check, the concurrency
# experiment and the split race, then (on this host) the analysis and the
# report. ./run_all.sh calls it once per kernel (twice for an A/B).
#
# usage: vm/job.sh --kernel PROFILE|host|auto --spec FILE [--out DIR]
#                  [--exact|--emulated] [--compare DIR] [--resume] [--split-control]
#   --out DIR        the results directory (default results/<date>-<kernel release>)
#   --exact          in a guest: -icount and, on arm64, the counting plugin (default)
#   --emulated       in a guest: the emulator's times, a diagnostic
#   --compare DIR    the report compares with DIR (an A/B)
#   --resume         host mode: go on with the newest unfinished run on this kernel
#   --split-control  also the split race without pgtable_split_lock (arm64 guests)
# The directory it wrote goes to $PAB_BUILD/last-job (for run_all.sh's A/B).
#
# One job, two places: the steps are one table (STEPS); a host runs them in
# order in the results directory, skipping those whose output is there
# (--resume), and a guest runs them in its boots, one script per boot. What
# differs between the two is data: the boots' options (boot_opts) and the
# sweep's options.
set -euo pipefail
PAB_PROG=job
. "$(dirname "$0")/lib.sh"
cd "$PAB_ROOT"

# boot|outputs|command. The boot is the guest boot a step runs in: 'guest'
# under icount (the counts are exact there), 'concurrency' with two vCPUs on
# parallel TCG threads (a race needs real parallelism; icount runs vCPUs in
# turn, so no race could happen). Outputs: the step's files; the first one
# there means the step is done (the sweep's: its file says complete). The
# commands run in the output directory with pageattr-bench on PATH; SPEC is
# the spec file as that shell sees it, SWEEP_OPTS the sweep's options there
# (a host's sweep resumes from its journal; a guest's prints plain progress).
STEPS=(
	'guest|info.json|pageattr-bench info --json > info.json && pageattr-bench info'
	'guest|selftest.tap|pageattr-bench selftest > selftest.tap; rc=$?; cat selftest.tap; exit $rc'
	'guest|results.json results.csv|pageattr-bench sweep "$SPEC" -o results.json $SWEEP_OPTS'
	'guest|hyperfine.json|pageattr-bench cross-check --runs 5 --warmup 1 -o hyperfine.json -- -s 2M -n 20'
	'concurrency|concurrency.json concurrency.csv|pageattr-bench concurrent -o concurrency.json --csv concurrency.csv'
	# The split race happens only where splits do: arm64 with BBML2. Its
	# exit 1 is an inconsistency found, which the report states.
	'concurrency|split_race.json|[ "$(uname -m)" = aarch64 ] || exit 0; pageattr-bench split-race -o split_race.json || [ -f split_race.json ]'
)

usage="usage: vm/job.sh --kernel PROFILE|host|auto --spec FILE [--out DIR] [--exact|--emulated] [--compare DIR] [--resume] [--split-control]"
kernel='' spec='' out='' clock=exact compare='' resume='' split_control=''
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:?--kernel needs a profile or 'host'}; shift ;;
	--spec) spec=${2:?--spec needs a file}; shift ;;
	--out) out=${2:?--out needs a directory}; shift ;;
	--exact) clock=exact ;;
	--emulated) clock=emulated ;;
	--compare) compare=${2:?--compare needs a directory}; shift ;;
	--resume) resume=1 ;;
	--split-control) split_control=1 ;;
	*) pab_die "unknown argument '$1' ($usage)" ;;
	esac
	shift
done
[ -n "$kernel" ] && [ -n "$spec" ] || pab_die "$usage"
[ -f "$spec" ] || pab_die "--spec $spec: no such file"
spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")

# Auto mode picks the host when its kernel can load modules at all; what else
# it needs (root, headers, kprobes, the compiler, signing) vm/host_kmod.sh
# checks, one line each with the fix: a server missing its headers hears the
# package to install rather than being moved into an emulator.
if [ "$kernel" = auto ]; then
	if [ -e /proc/modules ]; then kernel=host; else
		kernel=arm64-7.2
		pab_log "this host cannot load modules: running in a QEMU guest ($kernel)"
	fi
fi
if [ -n "$resume" ] && [ "$kernel" != host ]; then
	pab_die "--resume goes on with a host-mode run (--kernel host); a guest run is one boot, run it again"
fi
if [ "$kernel" = host ]; then
	[ -e /proc/modules ] || pab_die "--kernel host: this kernel cannot load modules (no /proc/modules)"
	"$PAB_ROOT/vm/install.sh" host
else
	pab_profile "$kernel"
	"$PAB_ROOT/vm/install.sh" guest
fi
pab_build_host
bin=$PAB_BUILD/host/bench/pageattr-bench

# step_done DIR OUTPUTS: the step left its first output in DIR.
step_done() {
	local first=${2%% *}
	if [ "$first" = results.json ]; then pab_sweep_complete "$1/$first"; else [ -f "$1/$first" ]; fi
}

run_on_host() {
	local krel prev step boot outputs cmd
	krel=$(uname -r)
	# --resume: the newest run on this kernel goes on where it stopped (each
	# step whose output is there is kept, the sweep resumes from its journal);
	# one that finished (its sweep complete and its report written:
	# pab_run_finished in vm/lib.sh) is not run again.
	if [ -z "$out" ] && [ -n "$resume" ] && prev=$(ls -d results/*-"$krel" 2>/dev/null | sort | tail -n 1) && [ -n "$prev" ]; then
		out=$prev
		if pab_run_finished "$out"; then
			pab_log "--resume: $out finished already (sweep complete, report.html written): nothing to run"
			echo "$out" >"$PAB_BUILD/last-job"
			exit 0
		fi
		pab_log "--resume: going on with $out ($(cat "$out/results.json.jsonl" 2>/dev/null | grep -c '') sweep configurations journaled)"
	fi
	out=${out:-results/$(date +%Y%m%d-%H%M%S)-$krel}
	mkdir -p "$out"
	# Root, headers, kprobes, the kernel's compiler, signing: one line each (vm/host_kmod.sh).
	ko=$("$PAB_ROOT/vm/host_kmod.sh" "$PAB_BUILD/host/kmod-$krel")
	rmmod pageattr_bench 2>/dev/null || true
	# Unloaded at the end whatever happened (a run's failure, ^C).
	trap 'rmmod pageattr_bench 2>/dev/null || true' EXIT
	if ! err=$(insmod "$ko" 2>&1); then
		pab_die "insmod $ko failed: ${err##*: }$(dmesg 2>/dev/null | grep -m1 -i pageattr_bench | sed 's/^/; dmesg: /')"
	fi
	for step in "${STEPS[@]}"; do
		IFS='|' read -r boot outputs cmd <<<"$step"
		step_done "$out" "$outputs" && continue
		(cd "$out" && PATH=$(dirname "$bin"):$PATH SPEC=$spec SWEEP_OPTS=--resume sh -c "$cmd") ||
			pab_die "the job's step '${cmd%% -*}' failed (exit $?) in $out"
	done
}

# The guests' options per boot (the profile's architecture decides the rest).
boot_opts() {
	case $1 in
	guest)
		if [ "$clock" = exact ]; then
			echo --icount
			[ "$PROFILE_ARCH" = arm64 ] && echo --count-insns
		fi ;;
	concurrency)
		printf '%s\n' --smp 2
		# On arm64 a CPU on the kernel's BBML2 allow-list, so the split race's
		# splits happen (the times stay the emulator's). A kernel whose patches
		# say "Pab-Requires: no-bbml2" (the pre-conversion
		# __change_memory_common(): apply_to_page_range() WARNs on the blocks a
		# BBML2 linear map has) keeps QEMU's max CPU; its split race then says
		# the race was not exercised.
		if [ "$PROFILE_ARCH" = arm64 ] && ! grep -qs '^Pab-Requires: no-bbml2' "$PROFILE_DIR"/patches/*; then
			printf '%s\n' --midr "$PAB_BBML2_MIDR"
		fi ;;
	esac
}

run_in_guest() {
	local boot script step b outputs cmd f opts
	pab_prepare_guest "$kernel"
	out=${out:-results/$(date +%Y%m%d-%H%M%S)-$(cat "$PROFILE_DIR/krelease")}
	mkdir -p "$out"
	for boot in guest concurrency; do
		script="SPEC=/pab/in/$(basename "$spec") SWEEP_OPTS='--progress plain'"
		for step in "${STEPS[@]}"; do
			IFS='|' read -r b outputs cmd <<<"$step"
			[ "$b" = "$boot" ] && script+=$'\n'"( $cmd ) || exit \$?"
		done
		mapfile -t opts < <(boot_opts "$boot")
		vm/guest.sh -n --kernel "$kernel" "${opts[@]}" --out "$out/$boot" --in "$spec" -- sh -c "$script"
		for step in "${STEPS[@]}"; do
			IFS='|' read -r b outputs cmd <<<"$step"
			[ "$b" = "$boot" ] || continue
			for f in $outputs; do [ ! -f "$out/$boot/$f" ] || mv "$out/$boot/$f" "$out/"; done
		done
	done
	# The plugin's counts and their summary per configuration (vm/guest.sh
	# made it, from the sweep's records, in the exact boot).
	for f in insns.tsv barriers.json barriers.txt; do
		[ ! -f "$out/guest/$f" ] || mv "$out/guest/$f" "$out/"
	done
	if [ -n "$split_control" ]; then
		[ "$PROFILE_ARCH" = arm64 ] || pab_die "--split-control: the split race is arm64's (pgtable_split_lock)"
		split_control_run
	fi
}

# The split race on 7.2 from source without pgtable_split_lock
# (vm/patches/0002-...: a test-only positive control, built once from
# arm64-7.2-src's objects), in a 2-vCPU BBML2 guest, into
# OUT/split_race_control.json. --expect-race: no inconsistency there means
# the experiment is too weak, and the job stops saying so.
split_control_run() {
	local p
	p=$(vm/patch_kernel.sh arm64-7.2-src --name no-split-lock \
		--patch "$PAB_ROOT/vm/patches/0002-arm64-mm-split-kernel-leaf-mapping-without-pgtable_split_lock.patch")
	vm/guest.sh -n --kernel "$p" --smp 2 --midr "$PAB_BBML2_MIDR" --out "$out/split-control" -- \
		pageattr-bench split-race --expect-race -o split_race_control.json ||
		pab_die "the split race's control did not show the race (see $out/split-control/console.log): the experiment is too weak"
	mv "$out/split-control/split_race_control.json" "$out/"
}

if [ "$kernel" = host ]; then run_on_host; else run_in_guest; fi
echo "$out" >"$PAB_BUILD/last-job"

# No report of a partial sweep: a run is finished only with all of it.
pab_sweep_complete "$out/results.json" ||
	pab_die "the sweep in $out is not complete (its results.json does not say \"complete\": true): ./run_all.sh --resume goes on with it"
# Analysis is host work: the reader, gnuplot and the report.
"$bin" analyze "$out/results.json" >"$out/analysis.txt" ||
	pab_die "analysis failed (see $out/analysis.txt)"
"$bin" report "$out" ${compare:+--compare "$compare"} ||
	pab_die "the report failed"
pab_log "results in $out/; report: $out/report.html (and report.md, lkml.txt)"
