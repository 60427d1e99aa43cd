#!/bin/sh
# Runs INSIDE a guest (busybox sh), started by tests/guest/engine.sh.
# Every method x lazy mode x TLB mode on page-only, block-only and mixed
# regions, then a size sweep from one page to 64 GiB; each run verifies the
# page tables after every call (pageattr-bench run fails otherwise). Prints
# TAP; refusals that the kernel engine must give are tested as such.
n=0
fail=0

# t DESC EXPECT ARGS...   EXPECT: ok | ok:MAPPED-SUBSTRING | refuse:PATTERN
t() {
	desc=$1 expect=$2
	shift 2
	n=$((n + 1))
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
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

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

# The rig's guests are QEMU TCG (-cpu max): run's times must say they are the emulator's.
n=$((n + 1))
if pageattr-bench run --mix pte -s 2M -m apply -n 3 -w 0 2>&1 | grep -q "^  note: *QEMU TCG guest: times are the emulator's"; then
	echo "ok $n - TCG guest: run prints the emulated-CPU notice"
else
	echo "not ok $n - TCG guest: run prints the emulated-CPU notice"
	fail=$((fail + 1))
fi

methods="apply walk walk-lockless null"
fast="-n 2 -w 1"

# PUD blocks first, before any other region: each needs a free, physically
# contiguous 1 GiB block, and every region leaves its page tables allocated
# (vmalloc never frees them), scattering unmovable pages through memory.
if [ $pud = 1 ]; then
	t "1 GiB PUD, walk" "ok:1 pud" --mix pud -s 1G -m walk $fast
	t "64 GiB PUD 50% / PMD 25% / PTE 25%, $best" ok --mix pud=50%,pmd=25%,pte=25% -s 64G -m $best --tlb separate $fast
	t "64 GiB PUD-only, $best lazy off" "ok:64 pud" --mix pud -s 64G -m $best --lazy off $fast
fi

# (The loop below writes through a file: its counts are added back after it.)
# Said before the loop's count is taken (the loop's lines are counted from its file).
[ $cont = 1 ] || skip "the cont-pte region" "no contiguous-PTE level on this kernel"
n0=$n fail0=$fail
# Regions: name|args (sizes are multiples of every unit on 4K and 16K pages).
regions="page-only|--mix pte -s 2M
pmd-only|--mix pmd -s $b2
interleave|--mix pmd=50%,pte=50% --layout interleave -s $b2
pattern|--layout pmd,pte,pte -s $b3
vmalloc|--region vmalloc -s 1M"
if [ $cont = 1 ]; then
	regions="$regions
cont-pte|--mix cont_pte=50%,pte=50% --layout interleave -s 4M"
fi

echo "$regions" | while IFS='|' read -r name args; do
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
				*)	t "$d" ok $args -m $m --lazy $lazy --tlb $tlb $fast ;;
				esac
			done
		done
	done
done > /tmp/matrix.tap
cat /tmp/matrix.tap
n=$((n0 + $(grep -c '^\(not \)\{0,1\}ok ' /tmp/matrix.tap)))
fail=$((fail0 + $(grep -c '^not ok' /tmp/matrix.tap)))

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
# (Only where the kernel really maps the groups: 6.12 maps such a region with plain PTEs.)
if [ $cont = 1 ] && pageattr-bench run --mix cont_pte -s 2M -m $best -n 1 -w 0 2>&1 | grep -q "mapped: .*cont_pte"; then
	t "range cutting a cont-PTE group refused" "refuse:contiguous-hint group" --mix cont_pte -s 2M --offset "$page" -m $best $fast
	[ "$page" = 4096 ] && t "range of whole cont-PTE groups accepted" ok --mix cont_pte -s 2M --offset 64K --length 128K -m $best $fast
else
	skip "range cutting a cont-PTE group refused" "this kernel maps no cont-PTE groups in vmalloc space"
fi

# Bad ranges and levels this kernel cannot map are refused before anything changes.
t "range starting inside a PMD block refused" "refuse:falls inside" --mix pmd -s $b2 --offset "$page" -m walk $fast
t "range ending inside a PMD block refused" "refuse:falls inside" --mix pmd -s $b2 --length 3M -m walk $fast
t "contiguous PMDs refused with the reason" "refuse:never maps contiguous PMDs" --mix cont_pmd -s $b2
[ $pud = 0 ] && t "PUD blocks refused with the reason" "refuse:cannot map PUD blocks" --mix pud -s 1G
t "mix not adding up refused" "refuse:add up to" --mix pte=40%,pmd=40%
t "size not a multiple of the unit refused" "refuse:multiple of the unit" --mix pmd -s 3M
# (On 64K pages the largest region, 1 TiB, needs 128 MiB of PTE tables: under
# the default cap of 256, so the cap is lowered for the check.)
cap=/sys/module/pageattr_bench/parameters/pt_cap_mb
cap0=$(cat $cap)
[ "$page" = 65536 ] && echo 64 > $cap
t "page-table cap enforced ($(cat $cap) MiB)" "refuse:pt_cap_mb" --mix pte -s $huge -n 1
echo "$cap0" > $cap

# A second run while one is going is refused; SIGKILL stops a run between
# calls, and closing the file restores and frees its region.
# The device is taken by the run, after the region is built (seconds, or a
# minute when the host is busy): a second run that gets in before that makes
# the long one the refused one. So wait for the long one's region, give it a
# moment, and if it was refused all the same start it again (three tries).
try=0
refused=0
while [ $try -lt 3 ] && [ $refused = 0 ]; do
	try=$((try + 1))
	pageattr-bench run --mix pte -s 1G -m apply -n 100000 -w 0 >/tmp/long.out 2>&1 &
	long=$!
	i=0
	while [ $i -lt 480 ] && kill -0 $long 2>/dev/null && ! grep -q pab_region /proc/vmallocinfo; do
		sleep 0.25
		i=$((i + 1))
	done
	sleep 2
	i=0
	while [ $i -lt 120 ] && kill -0 $long 2>/dev/null; do
		pageattr-bench run --mix pte -s 2M $fast 2>&1 | grep -q "another run is in progress" && { refused=1; break; }
		sleep 0.5
		i=$((i + 1))
	done
	kill -0 $long 2>/dev/null || { echo "# try $try: the long run had ended:"; sed 's/^/#   /' /tmp/long.out; }
done
t "a second concurrent run refused with EBUSY" "refuse:another run is in progress" --mix pte -s 2M $fast
kill -9 $long 2>/dev/null
wait $long
n=$((n + 1))
if grep -q pab_region /proc/vmallocinfo; then
	echo "not ok $n - SIGKILL mid-run: region freed"
	grep pab_region /proc/vmallocinfo | sed 's/^/# /'
	fail=$((fail + 1))
else
	echo "ok $n - SIGKILL mid-run: region restored and freed"
fi
t "the device works after the kill" ok --mix pte -s 2M $fast

# Size sweep: one page to 64 GiB of VA, page-only, block-only and mixed.
t "one page ($page B), apply" "ok:1 pte" --mix pte -s "$page" -m apply $fast
t "one page ($page B), $best" "ok:1 pte" --mix pte -s "$page" -m $best $fast
t "1 GiB page-only, $best" ok --mix pte -s 1G -m $best --tlb included $fast
t "64 GiB page-only, $best" ok --mix pte -s 64G -m $best --tlb included -n 1 -w 0
t "64 GiB PMD-only, walk" ok --mix pmd -s 64G -m walk --tlb included $fast
t "64 GiB $mix90 interleaved, $best" ok --mix $mix90 --layout interleave -s 64G -m $best $fast

echo "1..$n"
[ $fail = 0 ]
