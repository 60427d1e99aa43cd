#!/usr/bin/env bash
# pageattr-bench's bad-input answers on the host (no module needed): for each,
# exactly one line on stderr naming the bad value, nothing on stdout, and a
# non-zero exit (2 bad input, 3 no module).
set -u
. "$(dirname "$0")/../lib.sh"
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Command line.
t_expect_error "no command" "pageattr-bench: error: no command given; see 'pageattr-bench --help'" "$bin"
t_expect_error "unknown command" "'frobnicate' is not a command" "$bin" frobnicate
t_expect_error "unknown option to info" "unrecognized option '--bogus'" "$bin" info --bogus
t_expect_error "unknown option to run" "unrecognized option '--bogus'" "$bin" run --bogus
t_expect_error "option without its value" "requires an argument -- 's'" "$bin" run -s
t_expect_error "stray argument to selftest" "unexpected argument 'x'" "$bin" selftest x
t_expect_error "stray argument to run" "unexpected argument 'x'" "$bin" run x

# Values: method, size, mix, layout, lazy, TLB, numbers.
t_expect_error "unknown method" "method 'frob': use apply, walk, walk-lockless, set-memory, pageattr-apply, pageattr-walk, set-memory-nx, set-memory-prologue or null" "$bin" run -m frob
t_expect_error "set-memory-nx with the rw toggle" "set-memory-nx toggles execute permission only: --toggle exec" "$bin" run -m set-memory-nx --toggle rw
t_expect_error "set-memory with the exec toggle" "set-memory toggles write permission only: --toggle rw" "$bin" run -m set-memory --toggle exec
t_expect_error "unknown toggle" "toggle 'ro': use rw or exec" "$bin" run --toggle ro
# x86's kernel TLB flush is an IPI: not inside a window with IRQs off (the module refuses it too).
if [ "$(uname -m)" = x86_64 ]; then
	t_expect_error "x86: --irqs-off with --tlb included" "--irqs-off with --tlb included: x86 flushes kernel TLBs by IPI" "$bin" run -m apply --irqs-off --tlb included
fi
t_expect_error "unknown method in cross-check" "method 'frob'" "$bin" cross-check -m apply,frob -o "$tmp/h.json"
t_expect_error "malformed size" "size '4X' is not a size" "$bin" run -s 4X
t_expect_error "zero size" "size '0' is zero" "$bin" run -s 0
t_expect_error "size too large" "size '99999999999T' is too large" "$bin" run -s 99999999999T
t_expect_error "malformed --length" "size '1Q' is not a size" "$bin" run --length 1Q
t_expect_error "mix fractions not adding up" "mix 'pmd=40%,pte=40%': fractions add up to 80.0%, not 100%" "$bin" run --mix pmd=40%,pte=40%
t_expect_error "mix fraction not a number" "mix 'pte=nan': bad fraction 'nan'" "$bin" run --mix pte=nan
t_expect_error "mix with an unknown level" "unknown level 'pxd'" "$bin" run --mix pxd=50%,pte=50%
t_expect_error "mix naming a level twice" "level pmd given twice" "$bin" run --mix pmd=0,pmd=50%,pte=50%
t_expect_error "bad layout" "layout 'pmd,zzz'.*'zzz'" "$bin" run --layout pmd,zzz
t_expect_error "bad lazy mode" "lazy mode 'maybe'" "$bin" run --lazy maybe
t_expect_error "lazy batch of 0" "lazy batch size 0 is out of range" "$bin" run --lazy batch=0
t_expect_error "bad TLB mode" "TLB mode 'all'" "$bin" run --tlb all
t_expect_error "bad region kind" "region kind 'huge'" "$bin" run --region huge
t_expect_error "iterations not a number" "iterations '1e3' is not a number" "$bin" run -n 1e3
t_expect_error "bad --verify" "verify 'sometimes'" "$bin" run --verify sometimes
t_expect_error "bad --progress" "progress 'fancy'" "$bin" sweep -n --progress fancy

# PMU events (libpfm4 builds; without it a skip, said so).
pfm=$("$bin" list-events 2>&1 >/dev/null) && pfm_rc=0 || pfm_rc=$?
if [ "$pfm_rc" != 0 ] && grep -q "built without libpfm4" <<<"$pfm"; then
	t_skip_part "PMU event errors: this pageattr-bench was built without libpfm4 (apt-get install libpfm4-dev)"
elif [ "$pfm_rc" != 0 ]; then
	t_fail "list-events failed (exit $pfm_rc): $pfm"
else
	t_expect_error "unknown event name" "event 'no_such_event': .*list-events" "$bin" run -e cycles,no_such_event
	t_expect_error "bare r" "event 'r'" "$bin" run -e r
	t_expect_error "list-events --check without a list" "--check needs one event list" "$bin" list-events --check
	t_expect_error "list-events --check of an unknown event" "event 'no_such': event not found" "$bin" list-events --check cycles,no_such
	t_expect_error "list-events: unknown argument" "unexpected argument '--frob'" "$bin" list-events --frob
	t_expect_error "raw code wider than 64 bits" "event 'r10000000000000000': raw code wider than 64 bits" "$bin" run -e r10000000000000000
	t_expect_error "more than 8 events" "more than 8 events" "$bin" run -e cycles,cycles,cycles,cycles,cycles,cycles,cycles,cycles,cycles
	t_expect_error "empty event list" "no events given" "$bin" run -e ,
	t_expect_error "unknown event in a spec" "event 'no_such'" "$bin" sweep -n -D events=no_such
fi

# Sweep specs: the line or the value that is wrong.
printf 'sizes = 4K\nbogus line\n' >"$tmp/noeq.spec"
printf 'sizes = 4K\n\ncolour = blue\n' >"$tmp/key.spec"
printf 'sizes =   # nothing\n' >"$tmp/empty.spec"
printf 'sizes = 4K..1G\n' >"$tmp/range.spec"
printf 'sizes = 1G..4K*2\n' >"$tmp/backwards.spec"
printf 'methods = apply frob\n' >"$tmp/method.spec"
printf 'mixes = pte; pmd=60%%,pte=60%%\n' >"$tmp/mix.spec"
printf 'iterations = 0\n' >"$tmp/iter.spec"
t_expect_error "spec line without '='" "noeq.spec:2: expected 'key = values', got 'bogus line'" "$bin" sweep -n "$tmp/noeq.spec"
t_expect_error "spec with an unknown key" "key.spec:3: unknown key 'colour'" "$bin" sweep -n "$tmp/key.spec"
t_expect_error "spec key without a value" "empty.spec:1: 'sizes' has no value" "$bin" sweep -n "$tmp/empty.spec"
t_expect_error "spec size range without a factor" "size range '4K..1G': use FROM..TO\*FACTOR" "$bin" sweep -n "$tmp/range.spec"
t_expect_error "spec size range backwards" "size range '1G..4K\*2' runs backwards" "$bin" sweep -n "$tmp/backwards.spec"
t_expect_error "spec with an unknown method" "method 'frob'" "$bin" sweep -n "$tmp/method.spec"
t_expect_error "spec mix not adding up" "mix 'pmd=60%,pte=60%': fractions add up to 120.0%" "$bin" sweep -n "$tmp/mix.spec"
t_expect_error "spec iterations out of range" "iterations 0 is out of range" "$bin" sweep -n "$tmp/iter.spec"
t_expect_error "bad -D line" "-D: expected 'key = values', got 'sizes'" "$bin" sweep -n -D sizes
t_expect_error "missing spec file" "cannot read spec $tmp/none.spec: No such file" "$bin" sweep -n "$tmp/none.spec"
t_expect_error "sweep without -o" "no result file: give -o OUT.json" "$bin" sweep -D sizes=4K

# concurrent: lists, thread counts, layouts.
t_expect_error "concurrent: unknown layout" "layout 'rings': use share-nothing, pmd-table, pte-table, blocks, vmalloc, straddle, same-range, same-block or cont-group" "$bin" concurrent --layout share-nothing,rings
t_expect_error "concurrent: unknown method" "method 'frob': use apply" "$bin" concurrent -m frob
t_expect_error "concurrent: unknown lock" "lock 'spin': use none, mutex or spinlock" "$bin" concurrent --lock spin
t_expect_error "concurrent: lazy batch is not a concurrent mode" "lazy mode 'batch=8': use off or on" "$bin" concurrent --lazy batch=8
t_expect_error "concurrent: zero threads" "threads 0 is out of range 1..64" "$bin" concurrent -t 0
t_expect_error "concurrent: too many threads" "threads 65 is out of range 1..64" "$bin" concurrent -t 1..65
t_expect_error "concurrent: empty list" "empty layout list" "$bin" concurrent --layout ,
t_expect_error "concurrent: bad verify" "verify 'never': use every or end" "$bin" concurrent --verify never

# No module here (no /dev/pageattr_bench): every command that needs it says how to load it.
if [ -e /dev/pageattr_bench ]; then
	t_skip_part "the missing-module errors: the module is loaded on this machine"
else
	for cmd in info run selftest concurrent; do
		t_expect_error "$cmd without the module says how to load it (exit 3)" "insmod pageattr_bench.ko" "$bin" "$cmd"
	done
	t_expect_error "sweep without the module says how to load it" "insmod pageattr_bench.ko" "$bin" sweep -D sizes=4K -o "$tmp/out.json"
	t_check "... with exit status 3" bash -c "'$bin' run 2>/dev/null; [ \$? = 3 ]"
fi

# Result files, for every command that reads them (host builds with the reader).
if ! "$bin" --help | grep -q analyze; then
	t_skip_part "result-file errors: this pageattr-bench was built without jansson (no analyze, compare, tune, report: apt-get install libjansson-dev)"
else
	result "$tmp/good.json" "walk-lockless/2MiB/x" 1000
	printf '{"schema_version": 1, "command": "x", "results": [' >"$tmp/truncated.json"
	printf '{"tool": "fio", "jobs": []}\n' >"$tmp/wrongschema.json"
	printf '{"schema_version": 2, "results": []}\n' >"$tmp/schema2.json"
	printf '[1, 2, 3]\n' >"$tmp/array.json"
	printf '{"schema_version": 1, "command": "x", "machine": {"kernel": {"release": "r", "arch": "arm64", "page_size": 4096}}, "results": [{"name": "n", "status": "ok"}]}\n' >"$tmp/norecord.json"
	: >"$tmp/empty.json"
	mkdir -p "$tmp/dir-good"
	cp "$tmp/good.json" "$tmp/dir-good/results.json"
	declare -A want=(
		[truncated]="truncated.json:1:[0-9]+: not valid JSON"
		[wrongschema]="wrongschema.json: header: field 'schema_version' is missing"
		[schema2]="schema2.json: schema_version 2; this reader knows 1"
		[array]="array.json: not a pageattr-bench result file"
		[norecord]="norecord.json: results\[0\]: field 'config' is missing"
		[empty]="empty.json:1:0: not valid JSON"
		[missing]="cannot read $tmp/missing.json: No such file or directory"
	)
	for k in truncated wrongschema schema2 array norecord empty missing; do
		t_expect_error "analyze: $k result file" "${want[$k]}" "$bin" analyze "$tmp/$k.json"
		t_expect_error "compare: $k baseline" "${want[$k]}" "$bin" compare "$tmp/$k.json" "$tmp/good.json"
		t_expect_error "compare: $k new file" "${want[$k]}" "$bin" compare "$tmp/good.json" "$tmp/$k.json"
		t_expect_error "compare --methods: $k file" "${want[$k]}" "$bin" compare "$tmp/$k.json" --methods apply,walk
		t_expect_error "tune: $k result file" "${want[$k]}" "$bin" tune "$tmp/$k.json"
		mkdir -p "$tmp/dir-$k"
		[ "$k" = missing ] || cp "$tmp/$k.json" "$tmp/dir-$k/results.json"
		want_dir=${want[$k]/$k.json/dir-$k/results.json}
		t_expect_error "report: $k results.json" "$want_dir" "$bin" report "$tmp/dir-$k"
		t_expect_error "report --compare: $k older results.json" "$want_dir" "$bin" report "$tmp/dir-good" --compare "$tmp/dir-$k"
	done
	t_expect_error "analyze usage" "usage: pageattr-bench analyze RESULT.json" "$bin" analyze
	t_expect_error "compare usage is one line" "usage: pageattr-bench compare BASELINE.json NEW.json \| RESULT.json --methods A,B" "$bin" compare "$tmp/good.json"
	t_expect_error "report usage" "usage: pageattr-bench report DIR" "$bin" report
	# series: its modes, its manifest, its metric.
	t_expect_error "series without a mode" "series: no mode given \(report or value\)" "$bin" series
	t_expect_error "series with an unknown mode" "series: unknown mode \(report or value\)" "$bin" series frob
	t_expect_error "series report without a directory" "series report: no directory given" "$bin" series report
	t_expect_error "series report of a directory without a manifest" "$tmp/series.tsv: cannot read it" "$bin" series report "$tmp"
	mkdir -p "$tmp/badseries"
	printf 'pab-series\t2\n' >"$tmp/badseries/series.tsv"
	t_expect_error "series report of a manifest of another version" "series.tsv:1: not a series manifest of version 1" "$bin" series report "$tmp/badseries"
	printf 'pab-series\t1\nbase\tarm64-7.2-src\npatch\t1\ta.patch\tA\nstep\t0\tarm64-7.2-src\t0-x\tok\t0\t0\t0\t0\t\n' >"$tmp/badseries/series.tsv"
	t_expect_error "series report: a prefix without its files" "prefix 0: .*0-x/results.json" "$bin" series report "$tmp/badseries"
	t_expect_error "series value without --metric" "series value: no --metric given" "$bin" series value "$tmp"
	t_expect_error "series value: unknown field" "metric 'frob set-memory-nx 16M': unknown field 'frob'" "$bin" series value --metric 'frob set-memory-nx 16M' "$tmp"
	t_expect_error "series value: bad size" "metric 'isb set-memory-nx 16X': size '16X' is not a size" "$bin" series value --metric 'isb set-memory-nx 16X' "$tmp"
	t_expect_error "series value: too few words" "metric 'isb': FIELD METHOD SIZE \[WORD\]" "$bin" series value --metric isb "$tmp"
fi

t_check "--version names the uapi" bash -c "'$bin' --version | grep -q 'uapi 6'"
t_check "--help lists the commands" bash -c "'$bin' --help | grep -q selftest"
t_done
