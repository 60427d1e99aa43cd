#!/usr/bin/env bash
# A patch series, patch by patch: the exact cost after each patch, and the
# bisection to the patch that moved a metric. ./run_all.sh --series and
# --bisect hand their arguments here, verbatim.
#
#   ./run_all.sh --series BASE (--patch FILE... | --mbox FILE) [--spec FILE] [--out DIR]
#   ./run_all.sh --bisect BASE (--patch FILE... | --mbox FILE) --metric 'FIELD METHOD SIZE [WORD]'
#                --threshold N [--spec FILE] [--out DIR]
#
# BASE is a source-built profile (arm64-7.2-src). Prefix k of the series is
# the kernel BASE+series-HASH-k (HASH: the first 8 hex digits of the sha256
# of patches 1..k, so two series sharing their first k patches share that
# kernel), built by vm/patch_kernel.sh --from the nearest shorter prefix
# already built: each step recompiles only what its own patches touch.
# Each kernel runs the exact-count job: one arm64 guest boot under -icount
# with the counting plugin (vm/guest.sh --icount --count-insns --smp 1) that
# runs the sweep of SPEC (default bench/specs/series.spec: the kernel's own
# paths at 4 KiB, 64 KiB, 2 MiB and 16 MiB) and nothing else; then
# 'pageattr-bench barriers' joins the plugin's counts to the records.
# --series measures BASE and every prefix; --bisect measures BASE and the
# whole series, then only the prefixes a binary search needs, and names the
# first patch where the metric has moved past the threshold against BASE.
# Exact counts need no repeats; the metric is the undisturbed call's.
#
# --metric 'FIELD METHOD SIZE [WORD]': FIELD one of insns, dsb, dsb_ishst,
#   dsb_ish, dmb, isb, tlbi, per call, or FIELD/entry per leaf entry;
#   METHOD a method the spec runs (set-memory-nx); SIZE its size (16M);
#   WORD, when several configurations match, a word of the one meant
#   (its mix or lazy mode, as in its name). Example: 'dsb_ishst set-memory-nx 16M'.
# --threshold N: moved means |metric(k) - metric(BASE)| > N.
#
# A patch that does not apply or does not build stops the series there
# with the line that failed; what was measured up to it is reported.
# Measurements are kept in $PAB_CACHE/series/ (PAB_SERIES_CACHE), keyed by
# the kernel's build key, the spec and the sources of the module, the
# driver and the plugin: a prefix measured once (by a series or a
# bisection) is not booted again. PAB_SERIES_REMEASURE=1 boots anyway.
#
# Everything goes to DIR (default results/DATE-series-BASE/): patches/, one
# directory per prefix (k-PROFILE/: results.json, barriers.json, info.json),
# series.tsv (the manifest), then 'pageattr-bench series report DIR' writes
# series.md (the table), lkml.txt, series.json and series.png.
# Guest only: on hardware, a kernel per prefix must be installed and booted
# (the fleet's kernel A/B, when it exists, will play that part).
set -euo pipefail
PAB_PROG=series
. "$(dirname "$0")/lib.sh"

usage() { sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//'; }
mode=${1:-}
case $mode in
--series | --bisect) ;;
-h | --help) sed -n '2,/^set -euo pipefail/s/^# \{0,1\}//p' "$0" | sed '$d'; exit 0 ;;
*) usage >&2; pab_die "first --series BASE or --bisect BASE" ;;
esac
base=${2:?$mode needs a base profile, e.g. $mode arm64-7.2-src}
shift 2
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
patches=() mbox='' spec=$PAB_ROOT/bench/specs/series.spec out='' metric='' threshold=''
while [ $# -gt 0 ]; do
	case $1 in
	--patch) p=${2:?--patch needs a patch file}; shift
		[ -f "$p" ] || pab_die "--patch $p: no such file"
		patches+=("$(abs "$p")") ;;
	--mbox) mbox=${2:?--mbox needs a file}; shift
		[ -f "$mbox" ] || pab_die "--mbox $mbox: no such file"
		mbox=$(abs "$mbox") ;;
	--spec) spec=${2:?--spec needs a sweep spec file}; shift
		[ -f "$spec" ] || pab_die "--spec $spec: no such file"
		spec=$(abs "$spec") ;;
	--out) out=${2:?--out needs a directory}; shift ;;
	--metric) metric=${2:?--metric needs 'FIELD METHOD SIZE', e.g. 'dsb_ishst set-memory-nx 16M'}; shift ;;
	--threshold) threshold=${2:?--threshold needs a number}; shift
		[[ $threshold =~ ^[0-9]+(\.[0-9]+)?$ ]] || pab_die "--threshold must be a number >= 0, not '$threshold'" ;;
	-h | --help) sed -n '2,/^set -euo pipefail/s/^# \{0,1\}//p' "$0" | sed '$d'; exit 0 ;;
	*) pab_die "unknown option '$1' (see ./run_all.sh --help)" ;;
	esac
	shift
done
[ ${#patches[@]} -gt 0 ] || [ -n "$mbox" ] || pab_die "$mode $base: no patches (--patch FILE... or --mbox FILE)"
[ ${#patches[@]} = 0 ] || [ -z "$mbox" ] || pab_die "--patch and --mbox together: give the series one way"
if [ "$mode" = --bisect ]; then
	[ -n "$metric" ] && [ -n "$threshold" ] || pab_die "--bisect needs --metric 'FIELD METHOD SIZE' and --threshold N"
else
	[ -z "$metric$threshold" ] || pab_die "--metric and --threshold go with --bisect"
fi
pab_profile "$base"
[ -z "$PROFILE_VARIANT" ] && [ -n "$PROFILE_KCONFIG" ] ||
	pab_die "$mode $base: the base must be a source-built profile (e.g. arm64-7.2-src), not a variant or a Debian kernel"
[ "$PROFILE_ARCH" = arm64 ] || pab_die "$mode: exact counts come from the arm64 plugin: an arm64 base, not $base"

cd "$PAB_ROOT"
bin=$PAB_BUILD/host/bench/pageattr-bench
[ -n "$out" ] || out=results/$(date +%Y%m%d-%H%M%S)-series-$base
mkdir -p "$out/patches"
out=$(cd "$out" && pwd)
mcache=${PAB_SERIES_CACHE:-$PAB_CACHE/series}
mkdir -p "$mcache"

# The host program: the report and the plugin's summary run here (the
# guest's own build is vm/build_userspace.sh's, through vm/guest.sh).
pab_build_host pageattr-bench

# A bad --metric is said now, not after the first boot ('series value'
# parses it before it reads anything).
if [ -n "$metric" ]; then
	merr=$("$bin" series value --metric "$metric" "$out/.none" 2>&1 >/dev/null || true)
	! grep -q "metric '" <<<"$merr" || pab_die "--metric: ${merr#*metric }"
fi

# A patch's one-line name: its Subject without "[PATCH k/n]", else its file name.
subject() {
	awk '/^Subject: / { s = substr($0, 10); getline; while ($0 ~ /^[ \t]/) { s = s $0; getline }
		sub(/^\[[^]]*\] */, "", s); gsub(/[\t ]+/, " ", s); print s; found = 1; exit }
		/^(---|diff) / { exit } END { if (!found) exit 1 }' "$1" || basename "$1"
}
# The series, one patch a file, numbered: out/patches/NN-NAME. An mbox is
# cut at its "From <hash> ..." lines, as git am does.
rm -f "$out"/patches/*
if [ -n "$mbox" ]; then
	awk -v d="$out/patches" '
		(/^From [0-9a-f]+ / && length($2) == 40) || (NR == 1 && /^From /) { n++; f = sprintf("%s/%02d.patch", d, n) }
		n { print > f }' "$mbox"
	[ -n "$(ls "$out/patches")" ] || pab_die "--mbox $mbox: no 'From <hash>' mail in it (git format-patch --stdout makes one)"
	# Each named as git format-patch names it: NN-subject-in-words.patch.
	for f in "$out"/patches/*.patch; do
		s=$(subject "$f" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//' | cut -c1-52)
		mv "$f" "${f%.patch}-${s:-patch}.patch"
	done
else
	i=0
	for p in "${patches[@]}"; do
		i=$((i + 1))
		cp "$p" "$out/patches/$(printf '%02d' "$i")-$(basename "$p")"
	done
fi
mapfile -t files < <(ls "$out"/patches/* | LC_ALL=C sort)
n=${#files[@]}

names=("$base") subjects=("(base)")
for ((k = 1; k <= n; k++)); do
	h=$(cat "${files[@]:0:k}" | sha256sum | cut -c1-8)
	names+=("$base+series-$h-$k")
	subjects+=("$(subject "${files[k - 1]}")")
done

# The manifest 'pageattr-bench series report' reads, tab-separated.
man=$out/series.tsv
{
	printf 'pab-series\t1\n'
	printf 'base\t%s\n' "$base"
	printf 'spec\t%s\n' "$spec"
	for ((k = 1; k <= n; k++)); do
		printf 'patch\t%d\t%s\t%s\n' "$k" "$(basename "${files[k - 1]}")" "${subjects[k]}"
	done
} >"$man"

# Per prefix k: state[k] = ok | failed; built[k] = 1 when this run compiled it.
declare -A state=() built=() bsecs=() msecs=() compiled=() why=()
nbuilt=0 nneeded=0

# build K: prefix K's kernel, from the nearest shorter prefix built in this
# run (or BASE); 1 with why[K] set when a patch does not apply or build.
build() {
	local k=$1 i j pargs=() t0 err rc
	[ "$k" = 0 ] && { state[0]=ok; return 0; }
	[ -z "${state[$k]:-}" ] || { [ "${state[$k]}" = ok ]; return; }
	for ((j = k - 1; j > 0; j--)); do [ "${state[$j]:-}" = ok ] && break; done
	for ((i = j; i < k; i++)); do pargs+=(--patch "${files[i]}"); done
	[ "$j" = 0 ] || pargs+=(--from "${names[j]}")
	t0=$(date +%s)
	err=$out/build-$k.err
	nneeded=$((nneeded + 1))
	rc=0
	vm/patch_kernel.sh "$base" "${pargs[@]}" --name "${names[k]#*+}" >/dev/null 2>"$err" || rc=$?
	bsecs[$k]=$(($(date +%s) - t0))
	if [ "$rc" != 0 ]; then
		state[$k]=failed
		# (The patch as given, without the number out/patches/ gave it.)
		why[$k]=$(grep -m1 'error: ' "$err" | sed 's/^[^:]*: error: //; s/^patch [0-9][0-9]-/patch /' || true)
		[ -n "${why[$k]}" ] || why[$k]=$(tail -n 1 "$err")
		return 1
	fi
	state[$k]=ok
	# (Built before: the files its own build compiled, from its log.)
	compiled[$k]=$(grep -cE '^  (CC|AS) ' "$PAB_CACHE/kernels/${names[k]}/build.log" || true)
	if grep -q '^patch-kernel: built ' "$err"; then
		built[$k]=1 nbuilt=$((nbuilt + 1))
		pab_log "prefix $k/$n: ${names[k]} built from ${names[j]} in ${bsecs[$k]} s (${compiled[$k]} files compiled)"
	else
		pab_log "prefix $k/$n: ${names[k]} (built before)"
	fi
}

# What a measurement depends on besides the kernel: the spec, the module,
# the guest driver and the plugin, by their sources.
srckey=$(cat "$spec" kmod/*.[ch] kmod/Kbuild bench/*.[ch] common/*.[ch] cli/*.[ch] vm/plugin/*.[ch] \
	vm/guest.sh vm/init.sh 2>/dev/null | sha256sum | cut -c1-16)

# measure K: the exact-count job on prefix K's kernel into out/K-PROFILE/.
measure() {
	local k=$1 d key t0 rc=0
	d=$out/$k-${names[k]}
	# (The name too: two names for one tree are two kernel releases.)
	key=$(printf '%s %s %s' "${names[k]}" "$(cat "$PAB_CACHE/kernels/${names[k]}/key")" "$srckey" | sha256sum | cut -c1-16)
	rm -rf "$d"
	mkdir -p "$d"
	if [ -z "${PAB_SERIES_REMEASURE:-}" ] && [ -s "$mcache/$key/barriers.json" ]; then
		cp "$mcache/$key"/* "$d/"
		msecs[$k]=$(cat "$d/measure_secs")
		pab_log "prefix $k/$n: measured before (${msecs[$k]} s then): $mcache/$key"
		return 0
	fi
	pab_log "prefix $k/$n: measuring ${names[k]} (one icount boot: $(basename "$spec"))"
	t0=$(date +%s)
	vm/guest.sh -n --kernel "${names[k]}" --icount --count-insns --smp 1 --timeout 3600 \
		--in "$spec" --out "$d/guest" -- sh -c 'pageattr-bench info --json > info.json &&
			pageattr-bench sweep /pab/in/'"$(basename "$spec")"' -o results.json --progress plain' \
		>"$d/guest.log" 2>&1 || rc=$?
	if [ "$rc" != 0 ] || [ ! -s "$d/guest/barriers.json" ] || ! pab_sweep_complete "$d/guest/results.json"; then
		why[$k]="the exact-count job failed on ${names[k]} (exit $rc): $(pab_last_error "$d/guest.log") (log: $d/guest.log)"
		pab_log "prefix $k/$n: ${why[$k]}"
		state[$k]=failed
		return 1
	fi
	# The plugin's counts joined to the records: vm/guest.sh summarised them
	# (barriers.json, barriers.txt) with the host program; its failure is exit 7.
	mv "$d/guest/info.json" "$d/guest/results.json" "$d/guest/insns.tsv" "$d/guest/barriers.json" \
		"$d/guest/barriers.txt" "$d/"
	msecs[$k]=$(($(date +%s) - t0))
	echo "${msecs[$k]}" >"$d/measure_secs"
	rm -rf "${mcache:?}/$key" && mkdir -p "$mcache/$key"
	cp "$d"/info.json "$d"/results.json "$d"/barriers.json "$d"/measure_secs "$mcache/$key/"
}

# step K: build and measure prefix K once; 1 when it failed (why[K]).
declare -A done_=()
step() {
	local k=$1
	[ -z "${done_[$k]:-}" ] || { [ "${state[$k]}" = ok ]; return; }
	done_[$k]=1
	build "$k" && measure "$k"
	local rc=$?
	printf 'step\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "${names[k]}" "$k-${names[k]}" \
		"${state[$k]}" "${bsecs[$k]:-0}" "${built[$k]:-0}" "${compiled[$k]:-0}" "${msecs[$k]:-0}" \
		"${why[$k]:-}" >>"$man"
	return "$rc"
}

# value K: the metric on prefix K, on stdout; 'pageattr-bench series
# value''s whole line (value, configuration, its PTE tables) in its metric.tsv.
value() {
	local d=$out/$1-${names[$1]}
	"$bin" series value --metric "$metric" "$d" >"$d/metric.tsv" || return 1
	cut -f1 "$d/metric.tsv"
}
tables() { cut -f3 "$out/$1-${names[$1]}/metric.tsv"; }

report() {
	"$bin" series report "$out" || pab_die "the series report failed"
	pab_log "results in $out/ (series.md, lkml.txt, series.json, series.png)"
}

# A series that stopped (a patch that does not apply or build) reports
# what it measured and exits 1.
if [ "$mode" = --series ]; then
	stopped=0
	for ((k = 0; k <= n; k++)); do
		step "$k" || { [ "$k" -gt 0 ] || pab_die "the base $base: ${why[0]}"; stopped=$k; break; }
	done
	report
	[ "$stopped" = 0 ] || pab_die "stopped at patch $stopped/$n: ${why[$stopped]}"
	exit 0
fi

# Bisect. moved K: |value(K) - value(0)| > threshold. BASE and the whole
# series first (nothing to search when the series does not move it), then
# halve [lo, hi): lo not moved, hi moved, until they are neighbours.
step 0 || pab_die "the base $base: ${why[0]}"
v0=$(value 0) || pab_die "--metric '$metric' on $base: see above"
moved() {
	local v
	v=$(value "$1") || pab_die "--metric '$metric' on prefix $1: see above"
	pab_log "prefix $1/$n: $metric = $v (BASE $v0; PTE tables $(tables "$1"), BASE $(tables 0))"
	awk -v a="$v0" -v b="$v" -v t="$threshold" 'BEGIN { d = b - a; if (d < 0) d = -d; exit !(d > t) }'
}
first='' verdict=''
lo=0 hi=$n
if ! step "$n"; then
	verdict="stopped: prefix $n: ${why[$n]}"
elif ! moved "$n"; then
	verdict="no patch moves it past the threshold"
else
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		if ! step "$mid"; then
			verdict="stopped: prefix $mid: ${why[$mid]}"
			break
		fi
		if moved "$mid"; then hi=$mid; else lo=$mid; fi
	done
	[ -n "$verdict" ] || first=$hi verdict="first moved at patch $hi/$n"
fi
printf 'bisect\t%s\t%s\t%s\t%s\t%s\t%s\n' "$metric" "$threshold" "${first:-0}" "$nneeded" "$nbuilt" "$verdict" >>"$man"
pab_log "bisect: $verdict; kernels: $nneeded needed (besides BASE), $nbuilt built now"
report
[ -n "$first" ] || [ "$verdict" = "no patch moves it past the threshold" ] || exit 1
