# PMU counts per leaf entry (kernel mode, net of the null method) per
# configuration, one bar per event. Data: label  event1  event2 ... with a
# header row naming the events.
load plotsdir."/common.gp"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35 left
set rmargin 20
set bmargin 14
set ylabel "count per leaf entry (net of null)"
set key inside top left
plot for [i=2:ncols] datafile using i:xtic(1) title columnheader(i)
