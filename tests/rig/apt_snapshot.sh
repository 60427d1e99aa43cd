#!/usr/bin/env bash
# The private apt configuration against a local, signed mirror built here:
# - a suite whose Release is past its Valid-Until (as the snapshots these
#   machines reach are) is accepted, with one line naming it and its date;
#   a current suite is not mentioned;
# - the signature is still checked: a Release signed by another key fails
#   the update with one line;
# - a profile whose series the suite no longer carries fails with one line
#   naming the series, the suite and what the suites do carry.
# Nothing here touches the system's apt configuration or the real cache.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v gpg >/dev/null || t_skip "gpg not installed (apt-get install gpg; ./run_all.sh deps installs it)"
t=$(mktemp -d)
export GNUPGHOME=$t/gnupg
# gpg starts an agent for the key generation: stop it with the test.
trap 'gpgconf --kill gpg-agent 2>/dev/null; rm -rf "$t"' EXIT
mkdir -m 700 "$GNUPGHOME"

# key NAME: a throwaway signing key; its public keyring in $t/NAME.gpg.
key() {
	gpg --batch --quiet --passphrase '' --quick-gen-key "pab-test-$1" ed25519 sign never 2>"$t/gpg.err" &&
		gpg --batch --quiet --export "pab-test-$1" >"$t/$1.gpg"
}
key good && key other ||
	{ t_fail "gpg could not make test keys (needs gpg-agent): $(tail -n 1 "$t/gpg.err")"; # apt-cache reads the private pins, as apt-get does (it read the host's before):
# a pin written to the private preferences shows in its policy.
printf 'Package: *\nPin: release n=snap\nPin-Priority: 321\n' >"$t/cache/apt/preferences"
pol=$(run bash -c '. "$1/vm/lib.sh"; . "$1/vm/apt.sh"; pab_apt_cache policy' _ "$root" 2>&1)
t_check "apt-cache's policy has the private pin (321)" grep -q '^ *321 ' <<<"$pol"
t_done; exit; }

# suite REPO NAME VALID_DAYS SIGNER [PACKAGE...]: dists/NAME signed by SIGNER,
# Dated 30 days ago, valid until VALID_DAYS from now (negative: expired).
suite() {
	local name=$2 valid=$3 signer=$4 d=$1/dists/$2 a p
	shift 4
	for a in amd64 arm64; do
		mkdir -p "$d/main/binary-$a"
		for p in "$@"; do
			printf 'Package: %s\nVersion: 1.0-1\nArchitecture: %s\nFilename: pool/%s.deb\nSize: 1\nSHA256: %064d\nDescription: test\n\n' \
				"$p" "$a" "$p" 0
		done >"$d/main/binary-$a/Packages"
	done
	{
		echo "Origin: pab-test"
		echo "Suite: $name"
		echo "Codename: $name"
		echo "Date: $(date -u -R -d '30 days ago')"
		echo "Valid-Until: $(date -u -R -d "$valid days")"
		echo "Architectures: amd64 arm64"
		echo "Components: main"
		echo "SHA256:"
		for a in amd64 arm64; do
			echo " $(sha256sum <"$d/main/binary-$a/Packages" | cut -d' ' -f1) $(stat -c %s "$d/main/binary-$a/Packages") main/binary-$a/Packages"
		done
	} >"$d/Release"
	gpg --batch --quiet --yes -u "pab-test-$signer" --clearsign -o "$d/InRelease" "$d/Release"
}

host=$(. /etc/os-release && echo "$VERSION_CODENAME")
# One expired suite carrying only a 7.1 kernel, and this machine's own suite,
# current (the private configuration always lists it too).
suite "$t/repo" snap -23 good linux-image-7.1.4+deb14-arm64
suite "$t/repo" "$host" 7 good
printf 'snap-7.1 arm64 snap 7.1 arm64 test\nsnap-7.2 arm64 snap 7.2 arm64 test\n' >"$t/profiles.conf"
# The system's own apt.conf.d may already relax Valid-Until for everything
# (this machine's does): hide it from the test, so only the private options
# are judged. Where no mount namespace can be had (a chroot), run as is.
hide=()
if unshare --mount --fork true 2>/dev/null; then
	hide=(unshare --mount --fork sh -c 'mount -t tmpfs tmpfs /etc/apt/apt.conf.d && exec "$@"' sh)
fi
run() {
	"${hide[@]}" env PAB_CACHE="$t/cache" PAB_PROFILES="$t/profiles.conf" PAB_MIRROR="file://$t/repo" \
		PAB_APT_KEYRING="$t/good.gpg" "$@"
}
update=(env PAB_APT_REFRESH=1 bash -c '. "$1/vm/lib.sh"; . "$1/vm/apt.sh"; PAB_PROG=apt-test; pab_apt_update' sh "$root")
etc_apt() { find /etc/apt -type f -exec sha256sum {} + 2>/dev/null | sort; }

etc_apt >"$t/etc-before"
run "${update[@]}" >"$t/out" 2>"$t/err"
rc=$?
t_check "an expired suite is accepted (exit $rc)" test "$rc" = 0
t_check "one line names the stale suite and its date" \
	test "$(grep -c "suite snap: Release of $(date -u -d '30 days ago' +%F) expired on $(date -u -d '-23 days' +%F)" "$t/err")" = 1
t_check "the current suite ($host) is not reported" bash -c "! grep -q 'suite $host' '$t/err'"
t_check "nothing else on stderr but the refresh line" test "$(grep -vc -e 'refreshing private package lists' -e 'suite snap:' "$t/err")" = 0
etc_apt >"$t/etc-after"
t_check "the system's apt configuration is untouched" cmp -s "$t/etc-before" "$t/etc-after"

# The series the suite dropped: one line naming what there is instead.
t_expect_error "a series the suite no longer carries names it, the suite and what the suites carry" \
	"profile snap-7.2: Debian snap no longer carries a 7.2 kernel for arm64 .*the suites carry .*snap: 7.1" \
	run "$root/vm/fetch_kernel.sh" snap-7.2

# Signatures stay checked: the same snapshot signed by a key apt does not trust.
suite "$t/repo" snap -23 other linux-image-7.1.4+deb14-arm64
run "${update[@]}" >"$t/out" 2>"$t/err"
rc=$?
t_check "a Release signed by an untrusted key still fails the update (exit $rc)" test "$rc" = 1
t_check "in one error line that says why" \
	test "$(grep -c "error: private 'apt-get update' failed .*NO_PUBKEY" "$t/err")" = 1 -a "$(grep -c error: "$t/err")" = 1
# apt-cache reads the private pins, as apt-get does (it read the host's before):
# a pin written to the private preferences shows in its policy.
printf 'Package: *\nPin: release n=snap\nPin-Priority: 321\n' >"$t/cache/apt/preferences"
pol=$(run bash -c '. "$1/vm/lib.sh"; . "$1/vm/apt.sh"; pab_apt_cache policy' _ "$root" 2>&1)
t_check "apt-cache's policy has the private pin (321)" grep -q '^ *321 ' <<<"$pol"
t_done
