#!/bin/sh
# The kernel release a plain reboot boots (GRUB's default entry), on stdout:
# GRUB_DEFAULT from /etc/default/grub (and /etc/default/grub.d), "saved" read
# from grubenv's saved_entry, an entry given by number (top level), by title
# or id ("...with Linux R", "gnulinux-R-advanced-..."). "unknown" where it
# cannot be told. Then, '|'-separated: GRUB_DEFAULT and saved_entry as found.
# PAB_GRUB_CFG, PAB_DEFAULT_GRUB, PAB_GRUBENV point it at other files (tests).
cfg=${PAB_GRUB_CFG:-/boot/grub/grub.cfg}
def_file=${PAB_DEFAULT_GRUB:-/etc/default/grub}
env=${PAB_GRUBENV:-/boot/grub/grubenv}
default=0
for f in "$def_file" "$def_file".d/*.cfg; do
	[ -r "$f" ] || continue
	v=$(sed -n 's/^GRUB_DEFAULT=//p' "$f" | tail -n 1 | tr -d "\"'")
	[ -n "$v" ] && default=$v
done
saved=$(sed -n 's/^saved_entry=//p' "$env" 2>/dev/null)
entry=$default
[ "$entry" = saved ] && entry=${saved:-0}
# The release of the entry: by title or id where it names one, else by number.
release_of() {
	case $1 in
	*"with Linux "*) echo "$1" | sed 's/.*with Linux \([^ >]*\).*/\1/' | sed 's/ (recovery mode)$//' ;;
	*gnulinux-*-advanced-*) echo "$1" | sed 's/.*gnulinux-\(.*\)-advanced-.*/\1/' ;;
	*[!0-9]*) echo unknown ;;
	*)
		# The Nth top-level entry: Debian's first is the newest kernel,
		# "Advanced options" holds the rest (its first kernel counts too).
		awk -v n="$1" '
			/^(menuentry|submenu) / { top++; if (top - 1 == n) want = 1 }
			want && /^[ \t]*linux[ \t]/ { sub(/.*\/vmlinuz-/, ""); sub(/[ \t].*/, ""); print; exit }
		' "$cfg" | grep . || echo unknown ;;
	esac
}
printf '%s|%s|%s\n' "$(release_of "$entry")" "$default" "$saved"
