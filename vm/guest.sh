#!/usr/bin/env bash
# Run one command inside a QEMU guest booted from a real Debian kernel, with
# pageattr_bench.ko loaded, and bring back its exit status, its output files
# and the guest's dmesg.
#
# usage: vm/guest.sh [--kernel PROFILE] [--icount] [--count-insns] [--mem SIZE]
#                    [--smp N] [--out DIR] [--timeout SEC] [--in FILE]...
#                    [--no-module] [--append ARGS] [--midr HEX] [-n] [--verbose]
#                    -- CMD [ARGS...]
#        vm/guest.sh --list
#
# The command runs as root in /pab/out of the guest; every file it leaves
# there is copied to --out DIR, with dmesg.txt and console.log. Like ssh, the
# caller's standard input becomes the command's (read to its end before the
# guest boots; -n: none, as when it is a terminal). Exit status:
# the command's; 5 if the guest kernel logged a warning/BUG/Oops/KASAN/lockdep
# report (even when the command succeeded); 6 when the module did not load
# (the command did not run); 7 when --count-insns' summary ('pageattr-bench
# barriers') failed; 124 on timeout; 125 when the guest itself failed (panic,
# no report, corrupt output); 1 for this script's own errors (bad options).
# None is a status pageattr-bench uses (README, "Exit statuses"). --count-insns (arm64):
# QEMU loads the counting plugin (vm/build_plugin.sh) and the module its
# markers; the instruction and barrier counts of every timed call land in
# DIR/insns.tsv, and 'pageattr-bench barriers' reads them. --append adds
# to the kernel command line. --midr (arm64): the MIDR_EL1 the guest kernel
# sees, e.g. 0x410fd842 (Neoverse-V3 r0p2, on the kernel's BBML2_NOABORT
# allow-list since 6.16: the linear map keeps its blocks and set_memory_*
# split them). A kernel that panics before /init runs is
# booted again (twice at most; the emulator's flake, not this tool's).
set -euo pipefail
PAB_PROG=guest
. "$(dirname "$0")/lib.sh"

usage() { sed -n '5,29p' "$0" | sed 's/^# \{0,1\}//'; }

profile=arm64-7.2 icount=0 count=0 mem=2G smp=2 out='' timeout=900 insmod=1 verbose=0 stdin=1 append=''
midr=
inputs=()
while [ $# -gt 0 ]; do
	case $1 in
	--list)
		printf '%-22s %-6s %-16s %s\n' PROFILE ARCH SUITE DESCRIPTION
		awk '!/^#/ && NF { d = $6; for (i = 7; i <= NF; i++) d = d " " $i;
			printf "%-22s %-6s %-16s %s\n", $1, $2, $3, d }' "$PAB_PROFILES"
		# Patched variants built here (vm/patch_kernel.sh), with how.
		for d in "$PAB_CACHE"/kernels/*+*/; do
			[ -s "$d/how" ] || continue
			v=$(basename "$d")
			# (A variant whose base left profiles.conf is not listed.)
			(pab_profile "$v" 2>/dev/null &&
				printf '%-22s %-6s %-16s %s\n' "$v" "$PROFILE_ARCH" "$PROFILE_SUITE" "$(cat "$d/how")") || true
		done
		exit 0 ;;
	--kernel) profile=${2:?--kernel needs a profile (see --list)}; shift ;;
	--kernel=*) profile=${1#*=} ;;
	--icount) icount=1 ;;
	--count-insns) count=1 ;;
	--mem) mem=${2:?--mem needs a size, e.g. 2G}; shift ;;
	--smp) smp=${2:?--smp needs a CPU count}; shift ;;
	--out) out=${2:?--out needs a directory}; shift ;;
	--timeout) timeout=${2:?--timeout needs seconds}; shift ;;
	--in) inputs+=("${2:?--in needs a file}"); shift ;;
	--no-module) insmod=0 ;;
	--append) append=${2?--append needs kernel command-line words}; shift ;;
	--midr) midr=${2:?--midr needs a MIDR_EL1 value, e.g. 0x410fd842}; shift ;;
	-n | --no-stdin) stdin=0 ;;
	-v | --verbose) verbose=1 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	*) pab_die "unknown option '$1' (see vm/guest.sh --help)" ;;
	esac
	shift
done
[ $# -gt 0 ] || pab_die "no command given: vm/guest.sh [options] -- CMD [ARGS...]"
[[ $smp =~ ^[1-9][0-9]*$ ]] || pab_die "--smp must be a positive number, not '$smp'"
[[ $mem =~ ^[1-9][0-9]*[MG]$ ]] || pab_die "--mem must look like 512M or 2G, not '$mem'"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || pab_die "--timeout must be a positive number of seconds, not '$timeout'"
for f in "${inputs[@]}"; do [ -f "$f" ] || pab_die "--in $f: no such file"; done
[ -z "$midr" ] || [[ $midr =~ ^0x[0-9a-fA-F]{1,8}$ ]] || pab_die "--midr must be a 32-bit hex value like 0x410fd842, not '$midr'"

pab_profile "$profile"
[ -z "$midr" ] || [ "$PROFILE_ARCH" = arm64 ] || pab_die "--midr is an arm64 CPU identity: not for $PROFILE_NAME"
case $PROFILE_ARCH in
arm64) pab_need "$PROFILE_QEMU" qemu-system-arm ;;
amd64) pab_need "$PROFILE_QEMU" qemu-system-x86 ;;
esac
"$PAB_ROOT/vm/fetch_kernel.sh" "$PROFILE_NAME"
if [ "$count" = 1 ]; then
	[ "$PROFILE_ARCH" = arm64 ] || pab_die "--count-insns counts A64 instructions: an arm64 profile, not $PROFILE_NAME"
	[ "$insmod" = 1 ] || pab_die "--count-insns needs the module (its markers): drop --no-module"
	plugin=$("$PAB_ROOT/vm/build_plugin.sh")
fi

out=${out:-$PAB_BUILD/guest-runs/$PROFILE_NAME-$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Initramfs: the cached-per-profile base, then this run's command and inputs.
"$PAB_ROOT/vm/mkinitramfs.sh" "$PROFILE_NAME" "$work/base.cpio"
mkdir -p "$work/run/pab/in"
printf '%q ' "$@" >"$work/run/pab/cmd"
echo >>"$work/run/pab/cmd"
echo "PAB_INSMOD=$insmod" >"$work/run/pab/env"
# How a source-built kernel was built ('info' prints it: base, fragment, patches).
[ -s "$PROFILE_DIR/how" ] && printf 'export PAB_KERNEL_BUILD=%q\n' "$(cat "$PROFILE_DIR/how")" >>"$work/run/pab/env"
[ "$count" = 1 ] && echo "PAB_INSMOD_ARGS=count_markers=1" >>"$work/run/pab/env"
for f in "${inputs[@]}"; do cp "$f" "$work/run/pab/in/"; done
# The guest has no channel back for input while it runs, so standard input is
# read whole now and replayed to the command (a terminal is not read: there is
# nobody to end it).
if [ "$stdin" = 1 ] && [ ! -t 0 ]; then
	cat >"$work/run/pab/stdin" 2>/dev/null || rm -f "$work/run/pab/stdin"
fi
(cd "$work/run" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$work/run.cpio"
cat "$work/base.cpio" "$work/run.cpio" >"$work/initrd"

cmdline="panic=-1 quiet"
# Exact counts (--icount, --count-insns) need a layout that repeats from boot
# to boot: no random DTB nodes, no KASLR, no kstack offset (see below).
fixed_layout=0
[ "$icount" = 1 ] || [ "$count" = 1 ] && fixed_layout=1
machine_opts=
[ "$fixed_layout" = 1 ] && machine_opts=,dtb-randomness=off
qemu=("$PROFILE_QEMU" -nodefaults -no-user-config -display none -no-reboot
	-m "$mem" -smp "$smp" -kernel "$PROFILE_DIR/vmlinuz" -initrd "$work/initrd"
	-serial stdio -monitor none)
case $PROFILE_ARCH in
# pauth-impdef: QEMU's own pointer-auth algorithm, much cheaper to emulate.
arm64) qemu+=(-M "virt$machine_opts" -cpu "max,pauth-impdef=on${midr:+,midr=$midr}"); cmdline="console=ttyAMA0 $cmdline" ;;
amd64) qemu+=(-M pc -cpu max); cmdline="console=ttyS0 $cmdline" ;;
esac
# Deterministic mode: one instruction = one ns of guest time, so the clock and
# the PMU's instruction/cycle counts repeat exactly from boot to boot.
# Randomness would undo that: KASLR and the per-syscall kernel stack offset
# change addresses, hence alignments, hence how many instructions a memcpy
# takes; QEMU seeds both from the host unless told not to.
# --count-insns needs the fixed layout too, even without --icount: under
# KASLR the module lands anywhere in a 2 GiB region, and a call from it to an
# exported kernel function (apply_to_page_range) goes through a 3-instruction
# PLT veneer only when the kernel is out of direct branch range, so exact
# counts differed by 3 from boot to boot (guest.barriers, CI: 8783 vs 8786).
# shellcheck disable=SC2054 # one option and its comma-separated value
[ "$icount" = 1 ] && qemu+=(-icount shift=0,sleep=off)
# Without icount, each vCPU on its own host thread (multi-threaded TCG), said
# explicitly: the concurrency experiment needs calls that really overlap, and
# QEMU would otherwise pick round-robin for any guest it cannot prove safe.
# shellcheck disable=SC2054 # one word: -accel takes tcg,thread=multi
[ "$icount" = 0 ] && [ "$smp" -gt 1 ] && qemu+=(-accel tcg,thread=multi)
[ "$fixed_layout" = 1 ] && cmdline="$cmdline nokaslr randomize_kstack_offset=off"
# The guest cannot tell -icount from its own clock: this word tells 'info'
# and every result file (machine.clock: icount; common/vocab.h PAB_CLOCK_CMDLINE).
[ "$icount" = 1 ] && cmdline="$cmdline pab.clock=icount"
qemu+=(-append "$cmdline${append:+ $append}")
[ "$count" = 1 ] && qemu+=(-plugin "$plugin,outfile=$out/insns.tsv")
[ "$verbose" = 1 ] && pab_log "${qemu[*]}"

# Console: the command's output streams through; the archive does not.
# A kernel that panics while booting, before /init says @@PAB:INIT, has run
# none of this tool's code (the module is loaded by /init): that is the
# emulator's doing (TCG has raced the kernel's own text patching, an int3 in
# a static branch, on amd64), so the guest is booted again, at most twice,
# and the failed boot's console is kept beside the run's.
boot_tries=3
for try in $(seq 1 "$boot_tries"); do
	# Every boot, one line (time, profile, try, output): what a suite or a
	# sweep of kernels booted, counted afterwards (docs/tests.md's boot count).
	mkdir -p "$PAB_BUILD/guest-runs"
	echo "$(date +%s) $PROFILE_NAME $try $out" >>"$PAB_BUILD/guest-runs/boots.log"
	set +e
	timeout --kill-after=10 "$timeout" "${qemu[@]}" </dev/null 2>"$out/qemu.err" |
		tr -d '\r' | tee "$out/console.log" |
		awk -v v="$verbose" '/^@@PAB:ARCHIVE-BEGIN/ { skip = 1 }
			!skip && !/^@@PAB:/ && !/reboot: Power down/ { print; fflush() }
			/^@@PAB:ARCHIVE-END/ { skip = 0 }'
	qrc=${PIPESTATUS[0]}
	set -e
	grep -q 'Kernel panic' "$out/console.log" && ! grep -q '^@@PAB:INIT' "$out/console.log" &&
		[ "$try" -lt "$boot_tries" ] || break
	mv "$out/console.log" "$out/console.boot-$try.log"
	pab_log "guest kernel panicked while booting, before /init ran: $(grep -m1 'Kernel panic' "$out/console.boot-$try.log" | sed 's/^\[ *[0-9.]*\] //') (console: $out/console.boot-$try.log); booting again ($((try + 1)) of $boot_tries)"
done

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	pab_log "guest timed out after $timeout s (console: $out/console.log)"
	exit 124
fi
if grep -q 'Kernel panic' "$out/console.log"; then
	pab_log "guest kernel panicked: $(grep -m1 'Kernel panic' "$out/console.log") (console: $out/console.log)"
	exit 125
fi
status=$(sed -n 's/^@@PAB:STATUS \([0-9]*\)$/\1/p' "$out/console.log" | tail -n 1)
if [ -z "$status" ]; then
	pab_log "guest ended without reporting a status (qemu exit $qrc; $(head -c 300 "$out/qemu.err" | tr '\n' ' ')console: $out/console.log)"
	exit 125
fi
sum=$(sed -n 's/^@@PAB:ARCHIVE-END \([0-9a-f]*\)$/\1/p' "$out/console.log" | tail -n 1)
awk '/^@@PAB:ARCHIVE-BEGIN/ { on = 1; next } /^@@PAB:ARCHIVE-END/ { on = 0 } on' \
	"$out/console.log" | base64 -d >"$work/out.tar" 2>/dev/null || true
if [ -z "$sum" ] || [ "$(sha256sum <"$work/out.tar" | cut -d' ' -f1)" != "$sum" ]; then
	pab_log "the guest's output archive arrived corrupt (console: $out/console.log)"
	exit 125
fi
tar -C "$out" -m -xf "$work/out.tar"

# The module did not load (vm/init.sh): the command did not run.
insmod_err=$(sed -n 's/^@@PAB:INSMOD-FAILED //p' "$out/console.log" | head -n 1)
if [ -n "$insmod_err" ]; then
	pab_log "the module did not load in the guest, the command did not run: $insmod_err (dmesg: $out/dmesg.txt)"
	exit 6
fi

# A kernel report fails the run: 5, a status pageattr-bench never uses.
if ! problems=$("$PAB_ROOT/vm/dmesg_check.sh" "$out/dmesg.txt"); then
	pab_log "guest kernel reported a problem (dmesg: $out/dmesg.txt):"
	printf '%s\n' "$problems" >&2
	[ "$status" = 0 ] && status=5
fi
# The counts per call, summarised (named per configuration when the command
# left a result file), by the host build's 'barriers' when there is one.
if [ "$count" = 1 ]; then
	bin=$PAB_BUILD/host/bench/pageattr-bench
	results=()
	[ -f "$out/results.json" ] && results=("$out/results.json")
	if [ -x "$bin" ]; then
		# Its summary in barriers.txt and on our stdout; its error, if any, in
		# our one line. (The main job keeps both files: made once, here.)
		if ! berr=$("$bin" barriers "$out/insns.tsv" "${results[@]}" -o "$out/barriers.json" 2>&1 >"$out/barriers.txt"); then
			pab_log "the counts per call could not be summarised (counts in $out/insns.tsv): ${berr:-pageattr-bench barriers failed}"
			[ "$status" = 0 ] && status=7
		fi
		cat "$out/barriers.txt"
	else
		pab_log "counts in $out/insns.tsv (build the host tools for 'pageattr-bench barriers' to summarise them)"
	fi
fi
[ "$verbose" = 1 ] && pab_log "$PROFILE_NAME: exit $status, output in $out"
mkdir -p "$PAB_BUILD/guest-runs" && echo "$out" >"$PAB_BUILD/guest-runs/latest"
exit "$status"
