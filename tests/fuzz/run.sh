#!/usr/bin/env bash
# fuzz.parsers: build the libFuzzer targets with clang (ASan + UBSan, in
# $PAB_BUILD/fuzz, a tree of its own: the main build uses gcc) and run each
# for a bounded time on a copy of its seed corpus, two at a time. Any crash,
# leak, undefined behaviour, timeout or broken invariant fails the test and
# names the input that triggers it.
#
#   tests/fuzz/run.sh [TARGET...]     default: every target
#   PAB_FUZZ_TIME=SECONDS             per target (default 45)
#   PAB_FUZZ_JOBS=N                   targets at once (default: the CPUs, at most 2)
#
# Exit 77 (ctest: skipped) only when clang itself is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../lib.sh"
build=${PAB_BUILD:-$root/build}/fuzz
time_each=${PAB_FUZZ_TIME:-45}
jobs=${PAB_FUZZ_JOBS:-$(nproc)}
[ "$jobs" -le 2 ] || jobs=2
cc=${PAB_FUZZ_CC:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "SKIP: '$cc' not found: the fuzz targets need clang and libFuzzer (apt-get install clang libclang-rt-14-dev, or ./run_all.sh deps)"
	exit 77
fi
mkdir -p "$build"
# clang without its runtime libraries cannot link -fsanitize=fuzzer: say so, do not skip.
probe=$build/probe
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' |
	"$cc" -fsanitize=fuzzer,address,undefined -x c - -o "$probe" >"$build/probe.log" 2>&1; then
	echo "FAIL - $cc cannot link libFuzzer with ASan/UBSan: apt-get install libclang-rt-14-dev (or ./run_all.sh deps); $(grep -m1 -i error "$build/probe.log")"
	exit 1
fi

if ! cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DPAB_FUZZ=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1; then
	tail -n 5 "$build/configure.log"
	echo "FAIL - configuring the fuzz build failed (log: $build/configure.log)"
	exit 1
fi
# Targets this configuration has ("... fuzz_X" from make, "fuzz_X: phony" from ninja).
available=$(cmake --build "$build" --target help 2>/dev/null | sed -n 's/^\(\.\.\. \)\{0,1\}fuzz_\([a-z_]*\).*$/\2/p')
targets=${*:-parse sweep_spec pmu_events results_reader}
for t in $targets; do
	grep -qx "$t" <<<"$available" || { t_fail "no fuzz target '$t' in this build (have: $(echo $available)); results_reader needs libjansson-dev"; }
done
[ "$T_FAIL" = 0 ] || { t_done; exit 1; }
t0=$SECONDS
tgt=()
for t in $targets; do tgt+=(--target "fuzz_$t"); done
if ! cmake --build "$build" -j "$(nproc)" "${tgt[@]}" >"$build/build.log" 2>&1; then
	grep -E 'error|undefined reference' "$build/build.log" | head -n 10
	echo "FAIL - building the fuzz targets failed (log: $build/build.log)"
	exit 1
fi
echo "# built $(echo $targets | wc -w) targets with $cc in $((SECONDS - t0)) s; fuzzing each for $time_each s, $jobs at a time"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# fuzz TARGET: run it on a fresh copy of its seed corpus; the status goes to run/TARGET/rc.
fuzz() {
	local t=$1 work=$build/run/$1 dict=()
	rm -rf "$work" "$build/artifacts/$t"
	mkdir -p "$work" "$build/artifacts/$t"
	cp -r "$here/corpus/$t" "$work/corpus"
	[ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
	"$build/tests/fuzz/fuzz_$t" -max_total_time="$time_each" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "${dict[@]}" -artifact_prefix="$build/artifacts/$t/" \
		"$work/corpus" >"$work/log" 2>&1
	echo $? >"$work/rc"
}

t0=$SECONDS
running=0
for t in $targets; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	fuzz "$t" &
	running=$((running + 1))
done
wait

for t in $targets; do
	work=$build/run/$t
	rc=$(cat "$work/rc" 2>/dev/null || echo '?')
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	if [ "$rc" = 0 ] && [ -n "$runs" ]; then
		t_ok "fuzz_$t: $runs inputs in ${time_each} s, $(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$work/log" | tail -n 1), no crash, leak or UB"
		continue
	fi
	art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/log" | tail -n 1)
	what=$(grep -m1 -E '^SUMMARY: |fuzz invariant failed|runtime error' "$work/log")
	t_fail "fuzz_$t (exit $rc): ${what:-see the log}"
	echo "#   reproducer: ${art:-none written}"
	echo "#   reproduce:  $build/tests/fuzz/fuzz_$t ${art:-INPUT}"
	echo "#   log:        $work/log ($(grep -m1 -o 'Seed: [0-9]*' "$work/log"))"
	grep -A 12 -m1 -E '^==[0-9]+==ERROR|runtime error|fuzz invariant failed' "$work/log" | sed 's/^/#   /'
done
echo "# fuzzing took $((SECONDS - t0)) s"
t_done
