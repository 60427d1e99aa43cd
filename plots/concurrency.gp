# Concurrency: throughput of K threads changing their own ranges at once
# (calls/s over all threads) against K, one panel per layout, one line per
# method (colour) and lock (solid: no lock, dashed: the global mutex, dotted:
# the global spinlock). One legend for the whole figure, in a cell of its
# own: the panels share their series, and a legend inside a panel covers its
# lines.
# Variables: layouts (space-separated names), datadir (holds conc_<layout>.tsv:
# threads, then one column per series with its name in the header row), per
# panel i: styleI, one "colour:dash" word per series column; keymethods and
# keycolours (the methods and their colour numbers), keytitle.
n = words(layouts)
cells = n + 1
rows = (cells > 6) ? 3 : (cells > 3) ? 2 : 1
cols = (cells + rows - 1) / rows
if (!exists("height")) height = (rows == 3) ? 1100 : (rows == 2) ? 800 : 450
load plotsdir."/common.gp"
set multiplot layout rows, cols title title_text
set xlabel "threads"
set ylabel "calls/s (all threads)"
set xtics 1
set yrange [0:*]
unset key
do for [i=1:n] {
	lname = word(layouts, i)
	f = datadir."/conc_".lname.".tsv"
	eval sprintf("st = style%d", i)
	set title lname
	plot for [c=2:words(st) + 1] f using 1:c with linespoints lw 2 pt 7 \
		lc int(word(st, c - 1)[1:1]) dt int(word(st, c - 1)[3:3]) title columnhead(c)
}
# The legend cell: lines drawn above its empty frame (y = 2 in [0:1]), so
# only their keys show.
unset title
unset xlabel
unset ylabel
unset tics
unset border
unset grid
set xrange [0:1]
set yrange [0:1]
set key center center box opaque font ",10" title keytitle
plot for [i=1:words(keymethods)] 2 with linespoints lw 2 pt 7 lc int(word(keycolours, i)) dt 1 \
	title word(keymethods, i), \
	2 with lines lw 2 lc rgb "black" dt 1 title "no lock", \
	2 with lines lw 2 lc rgb "black" dt 2 title "global mutex", \
	2 with lines lw 2 lc rgb "black" dt 3 title "global spinlock (cpa_lock-like)"
unset multiplot
