# A patch series, patch by patch (pageattr-bench series report): each exact
# count per call against the patch number, a panel per metric (instructions,
# instructions per PTE, DSB ISHST, DSB ISH, ISB, TLBI), a line per
# production path and size. A step in a line is the patch that moved it.
# Variables from the report (analysis/series_report.c): data (a block per
# path and size: k insns dsb_ishst dsb_ish isb tlbi insns_per_pte), titles
# (a word per block), nblocks, npatches; common.gp's outfile, title_text.
height = 800
width = 1300
load plotsdir."/common.gp"
unset title
# The panels on the left four fifths, the one legend on the right fifth.
set multiplot layout 2, 3 title title_text margins 0.06, 0.80, 0.09, 0.91 spacing 0.07, 0.12
set xrange [-0.3:npatches + 0.3]
set xtics 1
set xlabel "patches applied (0: the base)"
set logscale y
set format y "%g"
set key off
# Panel p: its column in the data and its title. A zero count is not drawn
# (log scale): a path without TLBIs has no TLBI line.
cols = "2 7 3 4 5 6"
ptitle(p) = p == 1 ? "instructions per call" : p == 2 ? "instructions per PTE" : \
	p == 3 ? "DSB ISHST per call" : p == 4 ? "DSB ISH per call" : p == 5 ? "ISB per call" : "TLBI per call"
# A point type and a dash per line: the palette has 6 colours, sizes repeat them.
ptype(i) = i % 9 + 1
dtype(i) = i / 6 + 1
do for [p = 1:6] {
	c = int(word(cols, p))
	set title ptitle(p)
	if (p == 2) { unset logscale y } else { set logscale y }
	# The legend once, in the first panel (the same lines in every panel).
	if (p == 1) { set key at screen 0.99, 0.91 right top font ",9" box opaque } else { set key off }
	plot for [i = 0:nblocks - 1] data index i using 1:(column(c) > 0 ? column(c) : 1 / 0) \
		with linespoints lw 1.5 pt ptype(i) lc rgb scolour(i) dt dtype(i) title word(titles, i + 1)
}
unset multiplot
