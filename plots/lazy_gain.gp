# Lazy MMU gain vs range size: median(lazy off) / median(lazy on), net of the
# null window, with the 95 % CI of the ratio; a panel per mix, a line per
# method; above the dashed line at 1, batching helps.
logy = 0
refline = 1
# The report says what above 1 means on its clock; this is the host reading.
if (!exists("reflabel")) reflabel = "gain 1: above it (> 1) batching helps"
load plotsdir."/panels.gp"
