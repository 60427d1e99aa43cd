# shellcheck shell=sh
# The guest side's waits and probes, shared by the tests that catch a run or a
# sweep in the middle (tests/guest/engine_matrix.sh, faults.sh, sweep.sh).
# Passed in with vm/guest.sh --in tests/guest/guest_probes.sh and sourced in
# the guest (busybox sh): . /pab/in/guest_probes.sh
#
# A run's region is the module's vmalloc area: /proc/vmallocinfo names its
# caller "... [pageattr_bench]" from the moment the region is built (before
# the run takes the device) until it is freed.

# pab_regions: how many of the module's areas are alive.
pab_regions() { grep -c "\[pageattr_bench\]" /proc/vmallocinfo; }
# pab_region_alive: at least one.
pab_region_alive() { grep -q "\[pageattr_bench\]" /proc/vmallocinfo; }
# pab_regions_none: none alive; else each one printed as a TAP comment, and false.
pab_regions_none() { ! grep "\[pageattr_bench\]" /proc/vmallocinfo | sed 's/^/# /' | grep .; }
# pab_journaled_and_alive JOURNAL: a sweep has journaled a configuration and a
# later one is under way (its region alive): caught in the middle, not after
# a fixed sleep a fast host could outrun.
pab_journaled_and_alive() { [ -s "$1" ] && pab_region_alive; }
# pab_alive_or_gone PID: PID's region is there, or PID ended (nothing to wait for).
pab_alive_or_gone() { ! kill -0 "$1" 2>/dev/null || pab_region_alive; }
# pab_wait TRIES STEP CMD...: CMD every STEP seconds until it succeeds, at
# most TRIES times; false when it never did.
pab_wait() {
	_t=$1 _s=$2 _n=0
	shift 2
	until "$@"; do
		_n=$((_n + 1))
		[ $_n -lt "$_t" ] || return 1
		sleep "$_s"
	done
}
