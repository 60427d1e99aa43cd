#!/usr/bin/env bash
# The A64 classifier of the barrier-counting plugin against binutils: each
# instruction below is assembled by aarch64-linux-gnu-as (the encodings of
# the Arm ARM as the assembler implements them, not the plugin's), and the
# classifier must name it as the second column says.
#   tests/unit/a64_class.sh TEST-BINARY
set -euo pipefail
bin=${1:?usage: a64_class.sh TEST-BINARY}
as=${AS:-aarch64-linux-gnu-as} objdump=${OBJDUMP:-aarch64-linux-gnu-objdump}
command -v "$as" >/dev/null || { echo "a64_class: $as missing (apt-get install binutils-aarch64-linux-gnu)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/cases" <<'CASES'
dsb ishst|dsb:10
dsb ish|dsb:11
dsb sy|dsb:15
dsb nsh|dsb:7
ssbb|dsb:0
pssbb|dsb:4
dmb ish|dmb:11
dmb ishst|dmb:10
isb|isb
tlbi vmalle1is|tlbi:VMALLE1IS
tlbi vae1is, x0|tlbi:VAE1IS
tlbi aside1is, x1|tlbi:ASIDE1IS
tlbi vaae1is, x2|tlbi:VAAE1IS
tlbi vale1is, x3|tlbi:VALE1IS
tlbi vaale1is, x4|tlbi:VAALE1IS
tlbi vmalle1|tlbi:VMALLE1
tlbi vae1, x5|tlbi:VAE1
tlbi vaale1, x6|tlbi:VAALE1
tlbi vmalle1os|tlbi:VMALLE1OS
tlbi vaale1os, x7|tlbi:VAALE1OS
tlbi rvae1is, x8|tlbi:RVAE1IS
tlbi rvaae1is, x9|tlbi:RVAAE1IS
tlbi rvale1is, x10|tlbi:RVALE1IS
tlbi rvaale1is, x11|tlbi:RVAALE1IS
tlbi rvaale1, x12|tlbi:RVAALE1
tlbi rvaale1os, x13|tlbi:RVAALE1OS
tlbi vae2is, x14|tlbi:OTHER
tlbi alle1is|tlbi:OTHER
hint #0x7a|mark:122
hint #0x7b|mark:123
hint #0x7c|mark:124
nop|other
yield|other
bti c|other
paciasp|other
csdb|other
sb|other
clrex|other
mrs x0, cntvct_el0|other
msr daifset, #2|other
dc civac, x0|other
ic iallu|other
ldr x0, [x1]|other
str x0, [x1]|other
CASES
cut -d'|' -f1 "$tmp/cases" >"$tmp/t.s"
"$as" -march=armv8.5-a "$tmp/t.s" -o "$tmp/t.o"
# The words in order, one per case, then "WORD EXPECTED" for the classifier.
"$objdump" -d "$tmp/t.o" | awk -F'\t' '/^ *[0-9a-f]+:\t[0-9a-f]+ / { split($2, w, " "); print w[1] }' >"$tmp/words"
[ "$(wc -l <"$tmp/words")" = "$(wc -l <"$tmp/cases")" ] ||
	{ echo "a64_class: $(wc -l <"$tmp/words") words for $(wc -l <"$tmp/cases") cases" >&2; exit 1; }
paste -d' ' "$tmp/words" <(cut -d'|' -f2 "$tmp/cases") | "$bin"
