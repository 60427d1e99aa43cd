# Median time per call vs range size, log-log, one line per method and lazy
# mode (solid: lazy on, dashed: off), with the bootstrap 95 % CI as error bars.
# Data: size_bytes  series  median_ns  ci_lo  ci_hi   (one block per series,
# series blocks separated by two blank lines; series names in seriesfile).
load plotsdir."/common.gp"
set logscale xy
set xlabel "range size (bytes)"
set ylabel ylabel_text
set format x "%.0s%cB"
set format y "%.0s%c"
# One colour per method, dashed for lazy off, a point type per mix.
dash(s) = strstrt(s, "lazy=off") > 0 ? 2 : 1
colour(s) = strstrt(s, "walk-lockless") == 1 ? 0x2ca02c : strstrt(s, "walk") == 1 ? 0xff7f0e : \
	strstrt(s, "set-memory") == 1 ? 0x9467bd : strstrt(s, "null") == 1 ? 0x7f7f7f : 0x1f77b4
point(s) = strstrt(s, "pud") ? 9 : strstrt(s, "pmd") ? 5 : strstrt(s, "cont") ? 13 : 7
set key below horizontal maxcols 3 box
plot for [i=0:nseries-1] datafile index i using 1:3:4:5 with yerrorlines \
	lw 2 ps 0.9 dt dash(word(series, i+1)) lc rgb colour(word(series, i+1)) \
	pt point(word(series, i+1)) title word(series, i+1)
