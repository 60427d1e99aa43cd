#!/usr/bin/env bash
# Host mode's checks before it builds and loads the module on a real server
# (vm/host_kmod.sh, kmod/kernel-cc.sh), each failure one line with its fix:
# not root, no headers (apt and dnf words), no modules, no kprobes, the
# kernel's compiler missing, signed modules only (sig_enforce, lockdown).
# Against fake trees (PAB_HOST_ROOT), then a real build against a real
# Debian kernel's headers in the sid build root, where kernel-cc.sh must pick
# the kernel's gcc-16 over the build root's default gcc.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
hk=$root/vm/host_kmod.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rel=9.9.9-test
gccv=$(gcc -dumpversion)
gccv=${gccv%%.*}

# fake NAME CONFIG-LINES...: a root with /lib/modules/$rel/build/{Makefile,.config}.
fake() {
	local r=$tmp/$1
	shift
	mkdir -p "$r/lib/modules/$rel/build" "$r/sys/module/module/parameters" "$r/sys/kernel/security"
	: >"$r/lib/modules/$rel/build/Makefile"
	printf '%s\n' "$@" >"$r/lib/modules/$rel/build/.config"
	echo N >"$r/sys/module/module/parameters/sig_enforce"
	echo "[none] integrity confidentiality" >"$r/sys/kernel/security/lockdown"
	echo "$r"
}
good=(CONFIG_MODULES=y CONFIG_KPROBES=y "CONFIG_CC_VERSION_TEXT=\"gcc-$gccv (Debian $gccv.2.0-14) $gccv.2.0\"")
ok=$(fake ok "${good[@]}")
run() { PAB_HOST_ROOT=$1 PAB_HOST_RELEASE=$rel PAB_HOST_UID=${2:-0} "$hk" --check; }

out=$(run "$ok" 2>&1)
t_check "a good tree passes, with the kernel's compiler ($out)" grep -q "^ok: kernel $rel, .*CC=gcc-$gccv$" <<<"$out"
t_expect_error "not root" "run as root \(sudo ./run_all.sh --kernel host\)" run "$ok" 1000
noh=$tmp/noheaders
mkdir -p "$noh"
t_expect_error "no headers: the apt package" "no build tree for kernel $rel .*apt-get install linux-headers-$rel" run "$noh"
mkdir -p "$noh/etc" && touch "$noh/etc/fedora-release"
t_expect_error "no headers on Fedora: the dnf package" "dnf install kernel-devel-$rel" run "$noh"
t_expect_error "no modules" "cannot load modules \(CONFIG_MODULES is off\)" run "$(fake nomod CONFIG_KPROBES=y)"
t_expect_error "no kprobes" "has no kprobes \(CONFIG_KPROBES is off\)" run "$(fake nokp CONFIG_MODULES=y "${good[2]}")"
t_expect_error "the kernel's compiler missing" "built with gcc 99.1.0 .*apt-get install gcc-99" \
	run "$(fake gcc99 CONFIG_MODULES=y CONFIG_KPROBES=y 'CONFIG_CC_VERSION_TEXT="gcc-99 (Debian 99.1.0-1) 99.1.0"')"
se=$(fake sigenf "${good[@]}")
echo Y >"$se/sys/module/module/parameters/sig_enforce"
t_expect_error "signed modules only (sig_enforce): how to sign" "loads signed modules only \(module.sig_enforce=1\): set PAB_SIGN_KEY=.*sign-file" run "$se"
ld=$(fake lockdown "${good[@]}")
echo "none [integrity] confidentiality" >"$ld/sys/kernel/security/lockdown"
t_expect_error "lockdown: said so" "loads signed modules only \(lockdown \[integrity\]\)" run "$ld"
out=$(PAB_SIGN_KEY=/k PAB_SIGN_CERT=/c run "$ld" 2>&1)
t_check "with a key given, it signs instead ($out)" grep -q "signing for lockdown" <<<"$out"

# A real build: Debian's amd64 7.2 headers (built with gcc-16) in the sid
# build root, whose default gcc is another version.
broot=$("$root/vm/buildroot.sh" --print)
hdr=$(cd "$broot/usr/src" 2>/dev/null && ls -d linux-headers-*-amd64 2>/dev/null | head -n 1)
if [ -z "$hdr" ]; then
	t_skip_part "real build: no amd64 headers in the build root (./run_all.sh test fetches them)"
else
	krel=${hdr#linux-headers-}
	rm -rf "$broot/pab-host-mode" && mkdir -p "$broot/pab-host-mode"
	cp -r "$root/kmod" "$root/vm" "$broot/pab-host-mode/"
	# A kernel that enforces signatures, and a throwaway signing key for it.
	sys=$broot/pab-host-mode/sysroot/sys
	mkdir -p "$sys/module/module/parameters" "$sys/kernel/security"
	echo Y >"$sys/module/module/parameters/sig_enforce"
	openssl req -new -nodes -utf8 -sha256 -days 1 -batch -x509 -subj "/CN=pab test key" \
		-outform DER -out "$broot/pab-host-mode/key.der" -keyout "$broot/pab-host-mode/key.priv" \
		>/dev/null 2>&1
	. "$root/vm/lib.sh"
	pab_inroot "$broot" env PAB_HOST_UID=0 PAB_HOST_RELEASE="$krel" KDIR="/usr/src/$hdr" \
		PAB_HOST_ROOT=/pab-host-mode/sysroot PAB_SIGN_KEY=/pab-host-mode/key.priv \
		PAB_SIGN_CERT=/pab-host-mode/key.der PAB_CACHE=/tmp PAB_BUILD=/tmp \
		bash /pab-host-mode/vm/host_kmod.sh /tmp/pab-host-kmod >"$tmp/real.out" 2>"$tmp/real.err"
	rc=$?
	t_check "the module builds against $hdr (exit $rc: $(tail -n 1 "$tmp/real.err"))" \
		bash -c "[ $rc = 0 ] && grep -qx /tmp/pab-host-kmod/pageattr_bench.ko '$tmp/real.out' && test -s '$broot/tmp/pab-host-kmod/pageattr_bench.ko'"
	t_check "with the kernel's compiler, gcc 16 ($(strings "$broot/tmp/pab-host-kmod/pageattr_bench.ko" | grep -m1 '^GCC: '))" \
		bash -c "strings '$broot/tmp/pab-host-kmod/pageattr_bench.ko' | grep -q '^GCC: .* 16\.'"
	t_check "signed with the kernel's sign-file (sig_enforce=Y, the key given)" \
		bash -c "tail -c 28 '$broot/tmp/pab-host-kmod/pageattr_bench.ko' | grep -q '~Module signature appended~'"
	t_check "vermagic names the kernel" bash -c "strings '$broot/tmp/pab-host-kmod/pageattr_bench.ko' | grep -q 'vermagic=$krel '"
	rm -rf "$broot/pab-host-mode" "$broot/tmp/pab-host-kmod"
fi
t_done
