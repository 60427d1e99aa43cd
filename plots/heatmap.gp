# What the pagewalk conversion buys: median(apply on the all-PTE region of a
# size) / median(walker on a region of that size with a given PMD share),
# i.e. the old path (blocks split to PTEs) over the new one (blocks changed
# whole). Above 1 the walker wins. Data: size_bytes  pmd_percent  speedup  size_label
load plotsdir."/common.gp"
set xlabel "range size"
set ylabel "PMD-block share of the region (%)"
set yrange [-12:115]
set offsets 0.6, 0.6, 0, 0
set cblabel "speedup: apply (all PTEs) / walker"
set palette defined (0 "#c44e52", 1 "#f7f7f7", 2 "#4c72b0")
set cbrange [0:2]
set key off
plot datafile using (log($1) / log(2)):2:3:xtic(4) with points pt 5 ps 6 palette, \
	'' using (log($1) / log(2)):2:(sprintf("%.2f", $3)) with labels offset 0, 1.8
