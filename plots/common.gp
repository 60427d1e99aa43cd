# Shared look for every pageattr-bench plot. Callers set: outfile, title_text;
# optionally fmt ("svg", else PNG), height and width (pixels).
if (!exists("height")) height = 750
if (!exists("width")) width = 1100
set encoding utf8
if (exists("fmt") && fmt eq "svg") {
	set terminal svg size width, height dynamic font "DejaVu Sans,11" noenhanced
} else {
	set terminal pngcairo size width, height enhanced font "DejaVu Sans,11" noenhanced
}
set output outfile
set title title_text
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key outside right top box opaque
set border lw 1.2
set datafile separator "\t"
# One colour per method in every plot, by the method's value (PAB_METHODS in
# kmod/pageattr_bench_uapi.h): null, apply, walk, walk-lockless, set-memory,
# pageattr-apply, pageattr-walk, set-memory-nx, set-memory-prologue; values
# past the list wrap around.
method_palette = "#bcbd22 #1f77b4 #ff7f0e #2ca02c #9467bd #8c564b #d62728 #17becf #7f7f7f"
mcolour(m) = word(method_palette, (m < 0 ? 1 : m % words(method_palette)) + 1)
# And one point type per method (lines of equal values stay told apart).
method_points = "1 7 5 9 13 11 4 6 8"
mpoint(m) = int(word(method_points, (m < 0 ? 1 : m % words(method_points)) + 1))
# One dash type per lazy MMU mode, by value (PAB_LAZY_MODES): off dashed, on
# and native (the kernel paths' own) solid, batch=N dotted.
lazydash(l) = (l == 0) ? 2 : (l == 3) ? 3 : 1
# Series that are not methods (the mixes of the ratio plot): by index.
series_palette = "#4c72b0 #dd8452 #55a868 #c44e52 #8172b3 #937860"
scolour(i) = word(series_palette, i % words(series_palette) + 1)
