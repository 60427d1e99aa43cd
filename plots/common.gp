# Shared look for every pageattr-bench plot. Callers set: outfile, title_text;
# optionally fmt ("svg", else PNG) and height (pixels).
if (!exists("height")) height = 750
if (exists("fmt") && fmt eq "svg") {
	set terminal svg size 1100, height dynamic font "DejaVu Sans,11" noenhanced
} else {
	set terminal pngcairo size 1100, height enhanced font "DejaVu Sans,11" noenhanced
}
set output outfile
set title title_text
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key outside right top box opaque
set border lw 1.2
set datafile separator "\t"
