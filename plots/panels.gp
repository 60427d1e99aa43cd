# Small multiples against range size (log x, sizes as 4K 64K 2M 1G): one
# panel per mix (split when it would hold more than 6 lines), one shared
# legend below the panels, outside the data. Loaded by time_vs_size.gp,
# lazy_gain.gp, pmu.gp and ratio.gp, which set ylabel_text, logy, and
# optionally refline/reflabel (a dashed line at y = refline, its meaning in the
# legend), band (the CI as a filled band, not error bars) and byname (colour
# by series, legend by series name, instead of by method).
# Variables from the report (analysis/report_fig.c): npanels, nseries;
# words per series: smethod (method value), slazy (lazy mode value), sname;
# per panel P: pfirstP, plastP (series indices), ptitleP; legend: lmethods,
# lmnames, nldash, ldashI, llabI; xticscmd, xmin, xmax, ymin, ymax.
# Data: bytes  value  ci_lo  ci_hi, one block per series.
load plotsdir."/common.gp"
cols = npanels > 4 ? 3 : npanels > 1 ? 2 : 1
rows = (npanels + cols - 1) / cols
# Room for a two-line title (what the plot shows; the kernel and its clock).
top = 1.0 - 58.0 / height
legh = 70.0 / height
cw = 1.0 / cols
ch = (top - legh) / rows
unset title
set multiplot title title_text
set logscale x 2
eval xticscmd
set mxtics default
set xrange [xmin:xmax]
if (logy) {
	set logscale y
	set format y "%g"
	# Labels at 1, 2 and 5 of every decade: gnuplot's own choice over 1-2
	# decades labels only the top one (500, 1000, ..., none below 500).
	set ytics () nomirror
	do for [e = -3:9] { set ytics add (10.0 ** e, 2 * 10.0 ** e, 5 * 10.0 ** e) }
	set mytics 10
	# Less than a decade of data: the range out to the decades around it, so tics have labels.
	if (exists("ymin")) {
		if (ymax < 10 * ymin) {
			set yrange [10 ** floor(log10(ymin / 1.1)):10 ** ceil(log10(ymax * 1.1))]
		} else {
			set yrange [ymin / 1.25:ymax * 1.25]
		}
	}
} else {
	# Linear: the data and the reference line, with room around both.
	set format y "%g"
	if (exists("ymin")) {
		ylo = exists("refline") && refline < ymin ? refline : ymin
		yhi = exists("refline") && refline > ymax ? refline : ymax
		pad = (yhi - ylo) * 0.08 + 0.005
		set yrange [ylo - pad:yhi + pad]
	}
}
set xlabel "range size" offset 0, 0.3
set key off
set style fill transparent solid 0.18 noborder
dx = 72.0 / 1100
do for [p=1:npanels] {
	r = (p - 1) / cols
	c = (p - 1) % cols
	set lmargin at screen c * cw + dx
	set rmargin at screen (c + 1) * cw - 14.0 / 1100
	set tmargin at screen top - r * ch - 24.0 / height
	set bmargin at screen top - (r + 1) * ch + (p + cols > npanels ? 52.0 : 34.0) / height
	set title value(sprintf("ptitle%d", p)) offset 0, -0.4
	# The x label under the lowest panel of each column only.
	if (p + cols > npanels) { set xlabel "range size" offset 0, 0.3 } else { unset xlabel }
	if (c == 0) { set ylabel ylabel_text } else { unset ylabel }
	a = value(sprintf("pfirst%d", p))
	b = value(sprintf("plast%d", p))
	if (exists("byname")) {
		plot for [i=a:b] datafile index i using 1:3:4 with filledcurves lc rgb scolour(i) notitle, \
			for [i=a:b] datafile index i using 1:2 with linespoints lw 2 pt 7 ps 0.6 \
			lc rgb scolour(i) notitle, \
			(exists("refline") ? refline : 1/0) with lines dt 2 lw 1.5 lc rgb "#333333" notitle
	} else {
		plot for [i=a:b] datafile index i using 1:2:3:4 with yerrorlines lw 2 \
			pt mpoint(int(word(smethod, i + 1))) ps 0.7 lc rgb mcolour(int(word(smethod, i + 1))) dt lazydash(int(word(slazy, i + 1))) notitle, \
			(exists("refline") ? refline : 1/0) with lines dt 2 lw 1.5 lc rgb "#333333" notitle
	}
}
# The legend: its own strip under the panels.
unset title
unset xlabel
unset ylabel
unset border
unset tics
unset grid
unset logscale
set xrange [0:1]
set yrange [0:1]
set lmargin at screen 0.01
set rmargin at screen 0.99
set bmargin at screen 0.0
set tmargin at screen legh
set key center center horizontal box reverse Left width 1 samplen 4
# Built as a command: only the entries there are (an empty for still reads its title).
cmd = "plot "
if (exists("byname")) {
	do for [i=1:nseries] { cmd = cmd . sprintf("2 with lines lw 2 lc rgb '%s' title '%s', ", scolour(i - 1), word(sname, i)) }
} else {
	do for [i=1:words(lmethods)] {
		m = int(word(lmethods, i))
		cmd = cmd . sprintf("2 with linespoints lw 2 pt %d lc rgb '%s' title '%s', ", mpoint(m), mcolour(m), word(lmnames, i))
	}
	do for [i=1:nldash] {
		cmd = cmd . sprintf("2 with lines lw 2 lc rgb '#555555' dt %d title '%s', ", value(sprintf("ldash%d", i)), value(sprintf("llab%d", i)))
	}
}
if (exists("reflabel")) { cmd = cmd . sprintf("2 with lines lw 1.5 dt 2 lc rgb '#333333' title '%s', ", reflabel) }
eval cmd . "2 notitle"
unset multiplot
