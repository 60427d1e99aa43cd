# Per-call time distributions of chosen configurations, as box plots
# (box: p25-p75, whiskers: 1.5 IQR, points: outliers).
# Data: one column per configuration (ns), labels in labelsfile order.
load plotsdir."/common.gp"
set style data boxplot
set style boxplot outliers pointtype 7
set style fill solid 0.4 border -1
set boxwidth 0.6
set key off
set ylabel "ns per call"
set format y "%.0s%c"
set xtics rotate by -30 left
set xtics (word(labels,1) 1)
do for [i=2:ncols] { set xtics add (word(labels,i) i) }
plot for [i=1:ncols] datafile using (i):i lc rgb "#4c72b0"
