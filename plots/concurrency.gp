# Concurrency: throughput of K threads changing their own ranges at once
# (calls/s over all threads) against K, one panel per layout, one line per
# method and lock (solid: no lock, dashed: the global mutex, dotted: the
# global spinlock).
# Variables: layouts (space-separated names), datadir (holds conc_<layout>.tsv:
# threads, then one column per series with its name in the header row), and
# per panel i: styleI, one "colour:dash" word per series column.
if (!exists("height")) height = (words(layouts) > 6) ? 1250 : 900
load plotsdir."/common.gp"
n = words(layouts)
rows = (n > 6) ? 3 : (n > 3) ? 2 : 1
cols = (n + rows - 1) / rows
set multiplot layout rows, cols title title_text
set xlabel "threads"
set ylabel "calls/s (all threads)"
set xtics 1
set yrange [0:*]
set key top left inside box opaque font ",9"
# Room above the lines for the key.
set offsets 0.05, 0.05, graph 0.35, 0
do for [i=1:n] {
	lname = word(layouts, i)
	f = datadir."/conc_".lname.".tsv"
	eval sprintf("st = style%d", i)
	set title lname
	plot for [c=2:words(st) + 1] f using 1:c with linespoints lw 2 pt 7 \
		lc int(word(st, c - 1)[1:1]) dt int(word(st, c - 1)[3:3]) title columnhead(c)
}
unset multiplot
