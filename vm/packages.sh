# shellcheck shell=bash
# The packages each mode needs, by what they are for: the one list that
# run_all.sh's deps, the full arm64 test machine (vm/hostimg.sh) and the
# README name. Sourced, never executed.

# Host mode, on the machine being measured: build the tools and the module,
# run, analyse. Debian/Ubuntu names (apt).
# shellcheck disable=SC2034 # consumed by the scripts that source this file
HOST_MODE_PKGS=(cmake make gcc libc6-dev pkg-config jq libpfm4-dev libjansson-dev gnuplot-nox hyperfine kmod)
# The same for Fedora and Amazon Linux (dnf); the kernel's headers are
# kernel-devel-$(uname -r) there, linux-headers-$(uname -r) on Debian/Ubuntu.
HOST_MODE_DNF=(cmake make gcc glibc-devel pkgconf-pkg-config jq libpfm-devel jansson-devel gnuplot hyperfine kmod)
# The QEMU guest rig (this x86 machine: kernels in guests, cross builds).
GUEST_PKGS=(cpio xz-utils zstd util-linux mount debootstrap qemu-system-arm qemu-system-x86 gcc-aarch64-linux-gnu patch
	libc6-dev-arm64-cross gpg gpg-agent)
# The tests on top: libFuzzer (clang), perf, the browser check of report.html, ministat,
# the linters (shellcheck, ansible-lint).
TEST_PKGS=(linux-perf clang libclang-rt-14-dev chromium ministat time bc shellcheck ansible-lint)
# The slow tests (ctest -L slow): the full arm64 Debian machine, built with
# debootstrap's second stage under qemu-user (vm/hostimg.sh), ext4 made
# without loop mounts, reached over ssh; the fleet playbook (Ansible).
SLOW_PKGS=(qemu-user-static e2fsprogs qemu-utils openssh-client ansible
	dosfstools mtools fdisk qemu-efi-aarch64)
# The controller of a fleet kernel A/B (fleet/ab.yml): Ansible, and what
# vm/build_deb.sh needs here: patch, and debootstrap for the build root, which
# holds the compilers and Kbuild's and dpkg's tools for 'make bindeb-pkg'.
FLEET_PKGS=(ansible patch debootstrap)
