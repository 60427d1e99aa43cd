#!/bin/sh
# Runs INSIDE a guest (busybox sh), started by tests/guest/engine.sh.
# Every method x lazy mode x TLB mode on page-only, block-only and mixed
# regions, then a size sweep from one page to 64 GiB; each run verifies the
# page tables after every call (pageattr-bench run fails otherwise). Prints
# TAP; refusals that the kernel engine must give are tested as such.
#
# The plan comes first and does not depend on the results: the checks are
# written once, in checks(), which runs twice. The dry pass (dry=1) runs
# nothing and only counts the checks it meets; every condition on its way
# depends on what the kernel offers (info, and the cont-PTE probe), read
# before either pass, never on a check's outcome. It prints "1..N"; then the
# real pass (dry=0) runs the same checks, numbered 1..N. engine.sh checks
# that the plan is the first TAP line and that exactly N results follow, in
# order, so a check that goes missing (a guest that dies, a result line
# lost) fails the test.
# The shared waits and probes (tests/guest/guest_probes.sh), passed in beside this file.
. "$(dirname "$0")/guest_probes.sh"
n=0
fail=0
dry=1
# $1: the size of the big regions but one (default 64G). engine.sh passes 8G
# for the debug kernel: KASAN populates 1 byte of shadow per 8 bytes of a
# region's VA (8 GiB of zeroed pages for 64 GiB, 90 % of its matrix's time).
# The 64 GiB PMD-only run stays 64 GiB on every kernel; the other 64 GiB runs
# run at that size with the same assertions on every non-debug profile
# (arm64-7.2 among them, the debug kernel's source and module).
big=${1:-64G}
biglabel="${big%G} GiB"

# t DESC EXPECT ARGS...   EXPECT: ok | ok:MAPPED-SUBSTRING | refuse:PATTERN
t() {
	desc=$1 expect=$2
	shift 2
	n=$((n + 1))
	[ $dry = 1 ] && return 0
	out=$(pageattr-bench run "$@" 2>&1)
	rc=$?
	good=0
	case $expect in
	ok | ok:*)
		mapped=${expect#ok}
		mapped=${mapped#:}
		if [ $rc = 0 ] && echo "$out" | grep -q "(0 mismatches, 0 level changes)"; then
			good=1
			[ -n "$mapped" ] && ! echo "$out" | grep -q "mapped: *$mapped\$" && good=0
		fi ;;
	refuse:*)
		[ $rc != 0 ] && echo "$out" | grep -q "${expect#refuse:}" && good=1 ;;
	esac
	if [ $good = 1 ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (exit $rc, expected $expect)"
		echo "$out" | sed 's/^/# /'
		fail=$((fail + 1))
	fi
	return 0
}
skip() {
	n=$((n + 1))
	[ $dry = 1 ] || echo "ok $n - $1 # SKIP $2"
}
# check DESC CMD...: a check that is not one run: ok when CMD succeeds (its
# output, if any, should be "# " comment lines).
check() {
	d=$1
	shift
	n=$((n + 1))
	[ $dry = 1 ] && return 0
	if "$@"; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		fail=$((fail + 1))
	fi
	return 0
}

info=$(pageattr-bench info)
page=$(echo "$info" | sed -n 's/^page size: *\([0-9]*\) .*/\1/p')
has() { echo "$info" | grep -q "^  $1 *available"; }
# Why method $1 is unavailable, as the module says (engine.sh checks each skip's reason).
why() { echo "$info" | sed -n "s/^  $1 *unavailable: *//p" | head -n 1; }
pud=1
echo "$info" | grep -q "PUD block [^ ,]* unsupported" && pud=0
cont=0
echo "$info" | grep -q "cont-PTE [0-9]" && cont=1
# Region sizes that are whole PMD units: b2 (two blocks on 4K/16K pages, where
# they are 2M/32M), b3 (three), huge (page tables over the cap); on 64K pages
# blocks are 512 MiB and a PTE table maps 512 MiB.
b2=64M b3=96M huge=512G mix90=pmd=90%,pte=10%
case $page in
16384) pmd=32M ;;
65536) pmd=512M b2=1G b3=1536M huge=1T mix90=pmd=75%,pte=25% ;;
*) pmd=2M ;;
esac
echo "# page size $page, PMD $pmd, PUD blocks $pud, cont-PTE $cont"

best=walk
has walk-lockless && best=walk-lockless
methods="apply walk walk-lockless null"
fast="-n 2 -w 1"
# Whether the kernel really maps contiguous-PTE groups in vmalloc space (6.12
# maps such a region with plain PTEs): a probe of the kernel, like info,
# taken before the plan, as it decides which checks exist.
# The probe uses null, which changes nothing: the module refuses to rewrite
# contiguous groups in place where the CPU lacks BBML2 (below).
contmapped=0
if [ $cont = 1 ] && pageattr-bench run --mix cont_pte -s 2M -m null -n 1 -w 0 2>&1 | grep -q "mapped: .*cont_pte"; then
	contmapped=1
fi
# Machine state (README "Machine state"): with BBML2_NOABORT (7.3: BBML3) the
# module's paths may rewrite contiguous groups in place, without it they are
# refused (the architecture requires break-before-make there); engine.sh
# boots arm64-7.3 as a Neoverse-V3 r0p2 (--midr), which the kernel's
# allow-list takes, and the others as QEMU's max CPU, which it does not.
bbml=0
echo "$info" | grep -q "^bbml2: .* on (" && bbml=1
inplace=0
echo "$info" | grep -q "^cont groups: *rewritten in place" && inplace=1
rodata_full=0
echo "$info" | grep -q "^rodata_full: *on" && rodata_full=1
# What a module path on a range holding contiguous groups must do here.
cont_expect=ok
[ $contmapped = 1 ] && [ $inplace = 0 ] && cont_expect="refuse:changing them in place needs"
# The page-table cap check's cap: on 64K pages the largest region, 1 TiB,
# needs 128 MiB of PTE tables, under the default cap of 256, so it is lowered.
cap=/sys/module/pageattr_bench/parameters/pt_cap_mb
cap0=$(cat $cap)
capmb=$cap0
[ "$page" = 65536 ] && capmb=64

# The rig's guests are QEMU TCG (-cpu max): run's times must say they are the emulator's.
tcg_notice() {
	pageattr-bench run --mix pte -s 2M -m apply -n 3 -w 0 2>&1 | grep -q "^  note: *QEMU TCG guest: times are the emulator's"
}
# After the SIGKILL: no region left in vmalloc space.
region_freed() {
	pab_regions_none
}

checks() {
check "TCG guest: run prints the emulated-CPU notice" tcg_notice

# PUD blocks first, before any other region: each needs a free, physically
# contiguous 1 GiB block, and every region leaves its page tables allocated
# (vmalloc never frees them), scattering unmovable pages through memory.
if [ $pud = 1 ]; then
	t "1 GiB PUD, walk" "ok:1 pud" --mix pud -s 1G -m walk $fast
	t "$biglabel PUD 50% / PMD 25% / PTE 25%, $best" ok --mix pud=50%,pmd=25%,pte=25% -s $big -m $best --tlb separate $fast
	t "$biglabel PUD-only, $best lazy off" "ok:${big%G} pud" --mix pud -s $big -m $best --lazy off $fast
fi

[ $cont = 1 ] || skip "the cont-pte region" "no contiguous-PTE level on this kernel"
# Regions (sizes are multiples of every unit on 4K and 16K pages).
for name in page-only pmd-only interleave pattern vmalloc cont-pte; do
	case $name in
	page-only) args="--mix pte -s 2M" ;;
	pmd-only) args="--mix pmd -s $b2" ;;
	interleave) args="--mix pmd=50%,pte=50% --layout interleave -s $b2" ;;
	pattern) args="--layout pmd,pte,pte -s $b3" ;;
	vmalloc) args="--region vmalloc -s 1M" ;;
	cont-pte)
		[ $cont = 1 ] || continue
		args="--mix cont_pte=50%,pte=50% --layout interleave -s 4M" ;;
	esac
	for m in $methods; do
		if ! has "$m"; then skip "$m on $name" "unavailable: $(why "$m")"; continue; fi
		for lazy in off on batch=64; do
			for tlb in none included separate; do
				[ $m = null ] && [ "$lazy$tlb" != onnone ] && continue
				d="$m lazy=$lazy tlb=$tlb on $name"
				# shellcheck disable=SC2086
				case $m:$name in
				apply:pmd-only | apply:interleave | apply:pattern)
					t "$d refused" "refuse:cannot change block mappings" $args -m $m --lazy $lazy --tlb $tlb $fast ;;
				[a-z-]*:cont-pte)
					[ $m = null ] && t "$d" ok $args -m $m --lazy $lazy --tlb $tlb $fast
					[ $m = null ] || t "$d: $cont_expect" "$cont_expect" $args -m $m --lazy $lazy --tlb $tlb $fast ;;
				*)	t "$d" ok $args -m $m --lazy $lazy --tlb $tlb $fast ;;
				esac
			done
		done
	done
done

# apply as the kernel runs it (its own per-table lazy sections).
t "apply lazy=native on page-only" ok --mix pte -s 2M -m apply --lazy native $fast
# The kernel's own set_memory_*: plain vmalloc accepted, everything else per the kernel.
if has set-memory; then
	t "set-memory on vmalloc" ok --region vmalloc -s 1M -m set-memory $fast
	# An odd number of calls ends read-only: the restore must bring the linear alias back too.
	t "set-memory on vmalloc, odd call count" ok --region vmalloc -s 1M -m set-memory -n 3 -w 0
	if echo "$info" | grep -q "^kernel: .*aarch64"; then
		t "set-memory on a mixed region refused up front (6.12 would WARN half way)" "refuse:plain vmalloc areas only" --mix pmd -s $b2 -m set-memory $fast
		t "set-memory on a huge vmalloc region refused up front" "refuse:plain vmalloc areas only" --region vmalloc-huge -s 4M -m set-memory $fast
	fi
fi

# The whole kernel paths: their own lazy MMU and flush, refused anything else.
for m in pageattr-apply pageattr-walk; do
	if ! has $m; then skip "$m" "unavailable: $(why "$m")"; continue; fi
	t "$m on page-only" ok --mix pte -s 2M -m $m $fast
	t "$m on vmalloc, toggling execute permission" ok --region vmalloc -s 1M -m $m --toggle exec $fast
	t "$m with a lazy section around it refused" "refuse:lazy mode native only" --mix pte -s 2M -m $m --lazy on $fast
	t "$m with the harness's flush refused" "refuse:flushes the TLB itself" --mix pte -s 2M -m $m --tlb included $fast
done
has pageattr-walk && t "pageattr-walk on PMD blocks (changed whole)" ok --mix pmd -s $b2 -m pageattr-walk $fast
has pageattr-apply && t "pageattr-apply on PMD blocks refused" "refuse:cannot change block mappings" --mix pmd -s $b2 -m pageattr-apply $fast
if has set-memory-nx; then
	t "set-memory-nx on vmalloc" ok --region vmalloc -s 1M -m set-memory-nx $fast
	t "set-memory-nx, odd call count (ends executable: restored)" ok --region vmalloc -s 1M -m set-memory-nx -n 3 -w 0
	t "set-memory-nx toggles execute only" "refuse:toggles execute permission only" --region vmalloc -s 1M -m set-memory-nx --toggle rw $fast
	t "set-memory-prologue on vmalloc (changes nothing, nothing to verify)" ok --region vmalloc -s 1M -m set-memory-prologue $fast
fi
# A range cutting a contiguous-PTE group: the kernel would split it first; refused.
# (Only where the kernel really maps the groups: contmapped, probed above.)
if [ $contmapped = 1 ]; then
	t "range cutting a cont-PTE group refused" "refuse:contiguous-hint group" --mix cont_pte -s 2M --offset "$page" -m $best $fast
	[ "$page" = 4096 ] && t "range of whole cont-PTE groups: $cont_expect" "$cont_expect" --mix cont_pte -s 2M --offset 64K --length 128K -m $best $fast
else
	skip "range cutting a cont-PTE group refused" "this kernel maps no cont-PTE groups in vmalloc space"
fi

# The machine state and the splits it implies (arm64; README "Machine state").
# - BBML2 decides the rule for contiguous groups: in place exactly with it.
# - Without BBML2 nothing splits: 6.12 has no split code, and 7.x's
#   split_kernel_leaf_mapping() returns at once (linear_map_requires_bbml2
#   is false), so every run counts 0 splits. (The linear map need not be all
#   pages: 6.12 maps the kernel image's linear alias with PMD blocks,
#   map_mem()'s NO_CONT_MAPPINGS only; 7.2 forces pages, force_pte_mapping().)
# - With BBML2 the linear map keeps its blocks, and set_memory_ro splits the
#   alias of every page it reaches (split_kernel_leaf_mapping() down to the
#   page). A region with more pages than the linear map has page-level
#   leaves (read from info just before) must have a page behind a block or a
#   contiguous group, so the warm-up splits at least one leaf; leaves never
#   merge back, so the timed calls, on aliases that are pages by then, split
#   none.
kib() {	# "2432K", "112M", "2G" -> KiB
	case $1 in
	*K) echo "${1%K}" ;; *M) echo $((${1%M} * 1024)) ;; *G) echo $((${1%G} * 1048576)) ;; *) echo 0 ;;
	esac
}
state_rule() {
	[ $bbml = $inplace ]
}
splits_follow_state() {
	pte=$(pageattr-bench info | sed -n 's/^linear map: .*[(,] \{0,1\}pte \([0-9]*[KMG]\).*/\1/p')
	largest=$(pageattr-bench info | sed -n 's/^linear map: *largest leaf \([0-9]*[KMG]\).*/\1/p')
	kb=4096
	[ $bbml = 1 ] && kb=$(($(kib "${pte:-0}") + 4096))
	out=$(pageattr-bench run --region vmalloc -s "${kb}K" -m set-memory -n 2 -w 1 2>&1)
	line=$(echo "$out" | sed -n 's/^  splits: *\([0-9]*\) .* warm-up, \([0-9]*\) in the timed calls/\1 \2/p')
	echo "# pte-level linear map ${pte:-0}, largest leaf $largest; ${kb} KiB region: splits (warm-up, timed) ${line:-none}"
	[ -n "$line" ] || return 1
	set -- $line
	if [ $bbml = 1 ]; then
		[ "$1" -ge 1 ] && [ "$2" = 0 ]
	else
		[ "$1" = 0 ] && [ "$2" = 0 ]
	fi
}
if echo "$info" | grep -q "^kernel: .*aarch64" && has set-memory && [ $rodata_full = 1 ]; then
	check "contiguous groups rewritten in place exactly where the CPU has BBML2 (bbml2 $bbml)" state_rule
	check "set_memory_ro's linear-alias splits follow BBML2 (bbml2 $bbml)" splits_follow_state
fi

# Bad ranges and levels this kernel cannot map are refused before anything changes.
t "range starting inside a PMD block refused" "refuse:falls inside" --mix pmd -s $b2 --offset "$page" -m walk $fast
t "range ending inside a PMD block refused" "refuse:falls inside" --mix pmd -s $b2 --length 3M -m walk $fast
t "contiguous PMDs refused with the reason" "refuse:never maps contiguous PMDs" --mix cont_pmd -s $b2
[ $pud = 0 ] && t "PUD blocks refused with the reason" "refuse:cannot map PUD blocks" --mix pud -s 1G
t "mix not adding up refused" "refuse:add up to" --mix pte=40%,pmd=40%
t "size not a multiple of the unit refused" "refuse:multiple of the unit" --mix pmd -s 3M
[ $dry = 1 ] || echo "$capmb" > $cap
t "page-table cap enforced ($capmb MiB)" "refuse:pt_cap_mb" --mix pte -s $huge -n 1
[ $dry = 1 ] || echo "$cap0" > $cap

# A second run while one is going is refused; SIGKILL stops a run between
# calls, and closing the file restores and frees its region.
# The device is taken by the run, after the region is built (seconds, or a
# minute when the host is busy): a second run that gets in before that makes
# the long one the refused one. So wait for the long one's region, give it a
# moment, and if it was refused all the same start it again (three tries).
if [ $dry = 0 ]; then
	try=0
	refused=0
	while [ $try -lt 3 ] && [ $refused = 0 ]; do
		try=$((try + 1))
		pageattr-bench run --mix pte -s 1G -m apply -n 100000 -w 0 >/tmp/long.out 2>&1 &
		long=$!
		pab_wait 480 0.25 pab_alive_or_gone $long
		sleep 2
		i=0
		while [ $i -lt 120 ] && kill -0 $long 2>/dev/null; do
			pageattr-bench run --mix pte -s 2M $fast 2>&1 | grep -q "another run is in progress" && { refused=1; break; }
			sleep 0.5
			i=$((i + 1))
		done
		kill -0 $long 2>/dev/null || { echo "# try $try: the long run had ended:"; sed 's/^/#   /' /tmp/long.out; }
	done
fi
t "a second concurrent run refused with EBUSY" "refuse:another run is in progress" --mix pte -s 2M $fast
if [ $dry = 0 ]; then
	kill -9 $long 2>/dev/null
	wait $long
fi
check "SIGKILL mid-run: region restored and freed" region_freed
t "the device works after the kill" ok --mix pte -s 2M $fast

# Size sweep: one page to 64 GiB of VA, page-only, block-only and mixed.
t "one page ($page B), apply" "ok:1 pte" --mix pte -s "$page" -m apply $fast
t "one page ($page B), $best" "ok:1 pte" --mix pte -s "$page" -m $best $fast
t "1 GiB page-only, $best" ok --mix pte -s 1G -m $best --tlb included $fast
t "$biglabel page-only, $best" ok --mix pte -s $big -m $best --tlb included -n 1 -w 0
t "64 GiB PMD-only, walk" ok --mix pmd -s 64G -m walk --tlb included $fast
t "$biglabel $mix90 interleaved, $best" ok --mix $mix90 --layout interleave -s $big -m $best $fast
}

# The dry pass: the plan, before any result.
dry=1 n=0
checks
plan=$n
echo "1..$plan"
dry=0 n=0 fail=0
checks
[ $n = "$plan" ] || { echo "# ran $n checks, planned $plan"; fail=$((fail + 1)); }
[ $fail = 0 ]
