# Median time per call vs lazy MMU batch size (leaf entries per lazy section),
# relative to each group's fastest (up to 8 groups: the sweep's largest
# sizes), one line per group, bootstrap 95 % CI as error bars, the
# recommended batch (smallest whose CI overlaps the fastest's) circled.
# Data: batch  median  ci_lo  ci_hi  recommended(0/1), one block per group.
load plotsdir."/common.gp"
set logscale x 2
set xlabel "lazy MMU batch size (leaf entries per section)"
set ylabel "median per call / the group's fastest"
# The legend right of the data: below it, a long series list ran into the x label.
set key outside right center vertical box Left reverse
plot for [i=0:nseries-1] datafile index i using 1:2:3:4 with yerrorlines lw 2 pt 7 \
	title word(series, i+1), \
	for [i=0:nseries-1] datafile index i using 1:($5 > 0 ? $2 : NaN) with points \
	pt 6 ps 3 lw 2 lc rgb "#d62728" notitle
