# Shared look for every pageattr-bench plot. Callers set: outfile, title_text.
set terminal pngcairo size 1100,750 enhanced font "DejaVu Sans,11" noenhanced
set output outfile
set title title_text
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key outside right top box opaque
set border lw 1.2
set datafile separator "\t"
