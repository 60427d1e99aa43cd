# The split race (pageattr-bench split-race): per kernel measured, the real
# one and its control without pgtable_split_lock, three bars: linear-map
# leaves split, rounds where a split overlapped another thread's walk, and
# the inconsistencies found by reading every entry. The real kernel must
# show splits and overlaps with 0 inconsistencies; the control, with the
# same splits and overlaps, what the lock prevents.
# Variables: datafile (kernel, then the three counts, names in the header).
load plotsdir."/common.gp"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "count over the run"
set yrange [0:*]
set grid noxtics
set key top left inside box opaque
set key autotitle columnheader
bar_palette = "#4c72b0 #55a868 #c44e52"
plot for [c=2:4] datafile using c:xtic(1) title columnhead(c) lc rgb word(bar_palette, c - 1), \
	for [c=2:4] datafile using ($0 + (c - 3) / 4.0):(column(c)):(sprintf("%d", column(c))) \
		with labels offset 0, 0.7 font ",9" notitle
