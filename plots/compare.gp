# A vs B: B/A ratio of medians per configuration with its bootstrap 95 % CI,
# one row per configuration; left of the dashed line, B is faster.
# Data: index  label  ratio  ci_lo  ci_hi.  Caller sets nrows and lchars
# (the longest label's length); xlabel_text, when the ratio is another
# (across boots: the geometric means of per-boot medians).
height = 160 + 18 * nrows
# Long labels widen the canvas rather than squeeze the plot (or cut the title).
if (!exists("lchars")) lchars = 46
width = 1100 + (lchars > 46 ? 8 * (lchars - 46) : 0)
load plotsdir."/common.gp"
if (!exists("xlabel_text")) xlabel_text = "median(B) / median(A)"
set xlabel xlabel_text
set yrange [nrows + 1:0]
set ytics nomirror
set key off
set lmargin lchars + 2
set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb "#c44e52"
plot datafile using 3:1:4:5:ytic(2) with xerrorbars pt 7 ps 0.9 lw 2 lc rgb "#4c72b0"
