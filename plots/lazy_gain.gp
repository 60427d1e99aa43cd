# Lazy MMU gain: median(lazy off) / median(lazy on) per method and size;
# above 1 means batching helps. Data: label  ratio (one row per method/size).
load plotsdir."/common.gp"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.8
set xtics rotate by -40 left
set rmargin 22
set offsets 0, 0, 0.15, 0
set bmargin 12
set ylabel "median(lazy off) / median(lazy on)"
set yrange [0:*]
set key off
plot datafile using 2:xtic(1) lc rgb "#4c72b0", 1 with lines dt 2 lc rgb "#c44e52" notitle
