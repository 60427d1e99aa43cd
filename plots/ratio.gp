# Before/after: net-time ratio new path / old path (pageattr-walk /
# pageattr-apply, or the report's fallback pair) vs range size, one line per
# mix with its bootstrap 95 % CI as a band; above the dashed line at 1 the
# new path is slower. The report sets logy (a wide range) and reflabel.
byname = 1
refline = 1
load plotsdir."/panels.gp"
