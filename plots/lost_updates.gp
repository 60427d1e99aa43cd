# Callers that share entries (the same-range, same-block and cont-group
# layouts: pairs of threads toggling different bits of the same entries):
# lost updates per million entry updates, a group of bars per layout, a bar
# per lock kind (none, mutex, spinlock). Without a lock the bars show the
# race; a lock must leave 0 (a bar that is missing: not run).
# Variables: datafile (layout, then one column per lock with its name in the
# header row), nlocks.
load plotsdir."/common.gp"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "lost updates per million entry updates"
set yrange [0:*]
set grid noxtics
set key top right inside box opaque
# The header row names the columns, in the labels' pass too (so $0 counts data rows from 0).
set key autotitle columnheader
lock_palette = "#c44e52 #4c72b0 #55a868"
plot for [c=2:nlocks + 1] datafile using c:xtic(1) title columnhead(c) lc rgb word(lock_palette, c - 1), \
	for [c=2:nlocks + 1] datafile using ($0 + (c - 2 - (nlocks - 1) / 2.0) / (nlocks + 1)):(column(c)):(sprintf("%.1f", column(c))) \
		with labels offset 0, 0.7 font ",9" notitle
