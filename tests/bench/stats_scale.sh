#!/usr/bin/env bash
# The statistics at scale (a benchmark, not a test): result files of 10
# million calls, one configuration of 10M and 1000 of 10k (with null windows
# and interrupt flags, tests/bench/gen_results.c), timed through analyze,
# compare (two such files: B 2 % slower), tune and report, next to
# FreeBSD's ministat reading the same ns samples and doing its t-test.
#
#   tests/bench/stats_scale.sh [BUILD_DIR]     (default build/host; ./run_all.sh bench-stats)
#
# report is timed twice: as it runs (gnuplot drawing the plots) and with a
# gnuplot that does nothing (the tool's own time). Files go to
# $PAB_BENCH_DIR (default /tmp/pab-stats-bench, about 1.2 GB), kept for reruns;
# the plotted report is cut at $PAB_BENCH_PLOT_TIMEOUT s (default 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build/host}")
bin=$build/bench/pageattr-bench
gen=$build/tests/pab-gen-results
dir=${PAB_BENCH_DIR:-/tmp/pab-stats-bench}
for f in "$bin" "$gen"; do
	[ -x "$f" ] || { echo "stats_scale: $f missing: build first (cmake --build $build)" >&2; exit 1; }
done
command -v /usr/bin/time >/dev/null || { echo "stats_scale: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
mkdir -p "$dir/one/a" "$dir/one/b" "$dir/many/a" "$dir/many/b" "$dir/stub"
printf '#!/bin/sh\nexit 0\n' >"$dir/stub/gnuplot"
chmod +x "$dir/stub/gnuplot"
# SHAPE CONFIGS SAMPLES: A at scale 1, B 2 % slower; text copies of the ns samples for ministat.
make_pair() {
	[ -s "$dir/$1/b/results.json" ] && [ -s "$dir/$1/b.txt" ] && return
	echo "writing $1: $2 x $3 samples, A and B" >&2
	"$gen" "$dir/$1/a/results.json" "$2" "$3" 1.0 1 "$dir/$1/a.txt"
	"$gen" "$dir/$1/b/results.json" "$2" "$3" 1.02 2 "$dir/$1/b.txt"
}
make_pair one 1 10000000
make_pair many 1000 10000
# NAME CMD...: wall, user + sys seconds, peak memory
timed() {
	local name=$1
	shift
	/usr/bin/time -o "$dir/time.out" -f '%e %U %S %M' "$@" >/dev/null 2>"$dir/stderr" ||
		{ echo "stats_scale: $name failed: $*: $(tail -n 1 "$dir/stderr")" >&2; return 1; }
	read -r wall user sys mem <"$dir/time.out"
	printf '%-34s %8s s %8.2f s %8d MiB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((mem / 1024))
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-34s %10s %10s %12s\n' "command" "wall" "user+sys" "peak memory"
for shape in one many; do
	d=$dir/$shape
	label=$([ $shape = one ] && echo "1 x 10M" || echo "1000 x 10k")
	timed "analyze ($label)" "$bin" analyze "$d/a/results.json"
	timed "compare ($label, A vs B)" "$bin" compare "$d/a/results.json" "$d/b/results.json"
	timed "tune ($label)" "$bin" tune "$d/a/results.json"
	timed "report, no plots ($label)" env PATH="$dir/stub:$PATH" "$bin" report "$d/a"
	timed "report --compare, no plots" env PATH="$dir/stub:$PATH" "$bin" report "$d/b" --compare "$d/a"
	# gnuplot draws every sample into the box plots: bounded here.
	if timeout "${PAB_BENCH_PLOT_TIMEOUT:-60}" true; then
		timed "report with gnuplot ($label)" timeout "${PAB_BENCH_PLOT_TIMEOUT:-60}" "$bin" report "$d/a" ||
			echo "report with gnuplot ($label): over ${PAB_BENCH_PLOT_TIMEOUT:-60} s (gnuplot)"
	fi
	if command -v ministat >/dev/null; then
		timed "ministat -A A B ($label)" ministat -A -c 95 "$d/a.txt" "$d/b.txt"
	else
		echo "ministat: not installed (apt-get install ministat)"
	fi
done
