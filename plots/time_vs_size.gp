# Median time per call vs range size, log-log, one line per method and lazy
# mode (solid: lazy on, dashed: off), with the bootstrap 95 % CI as error bars.
# Data: size_bytes  series  median_ns  ci_lo  ci_hi   (one block per series,
# series blocks separated by two blank lines). Variables: nseries, series,
# colours, dashes, points (words, one per series), ylabel_text; key_inside
# (a few series: the legend in the empty top left corner of a log-log rise).
load plotsdir."/common.gp"
set logscale xy
set xlabel "range size (bytes)"
set ylabel ylabel_text
set format x "%.0s%cB"
set format y "%.0s%c"
# The look of series i comes from the report, by index: word i of colours
# (one colour per method, 24-bit RGB), dashes (2: lazy off) and points (a
# point type per mix), so a new method or mix needs no edit here.
if (exists("key_inside")) {
	set key inside top left vertical box opaque
} else {
	set key below horizontal maxcols 3 box
}
plot for [i=0:nseries-1] datafile index i using 1:3:4:5 with yerrorlines \
	lw 2 ps 0.9 dt int(word(dashes, i+1)) lc rgb int(word(colours, i+1)) \
	pt int(word(points, i+1)) title word(series, i+1)
