#!/usr/bin/env bash
# report.html in a real browser: headless Chromium loads the report of a
# generated result file, a script added to a copy of the page counts the
# images that decoded (every plot is inline: none may be broken), and a
# screenshot of the page must not be blank.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || t_skip "chromium not installed (apt-get install chromium; ./run_all.sh deps installs it)"
command -v gnuplot >/dev/null || t_skip "gnuplot not installed (apt-get install gnuplot-nox; ./run_all.sh deps installs it)"
mkdir -p "$tmp/r"
result "$tmp/r/results.json" "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 10000 \
	"walk/8MiB/mixed:pte/runs/lazy=on/tlb=none" 30000 "walk/8MiB/mixed:pte/runs/lazy=off/tlb=none" 44000 \
	"pageattr-apply/8MiB/mixed:pte/runs/lazy=native/tlb=none" 30000 \
	"pageattr-walk/8MiB/mixed:pte/runs/lazy=native/tlb=none" 36000
"$bin" report "$tmp/r" >"$tmp/report.log" 2>&1
t_check "report written" test -s "$tmp/r/report.html"
plots=$(grep -o '<img ' "$tmp/r/report.html" | wc -l)
t_check "report.html has its plots inline ($plots)" test "$plots" -ge 3

# Chromium as root needs --no-sandbox; its profile and crash dumps go to $tmp.
run_browser() {
	HOME=$tmp timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--user-data-dir="$tmp/profile" --hide-scrollbars --virtual-time-budget=10000 "$@" 2>>"$tmp/browser.err"
}
# The copy reports, once loaded, how many images decoded (naturalWidth > 0).
sed 's|</body>|<script>window.addEventListener("load", function () { var ok = 0, n = document.images.length; for (var i = 0; i < n; i++) if (document.images[i].complete \&\& document.images[i].naturalWidth > 0) ok++; document.title = "images " + ok + " of " + n; });</script></body>|' \
	"$tmp/r/report.html" >"$tmp/r/check.html"
run_browser --dump-dom "file://$tmp/r/check.html" >"$tmp/dom.html"
got=$(sed -n 's|.*<title>\(images [0-9]* of [0-9]*\)</title>.*|\1|p' "$tmp/dom.html" | head -n 1)
t_check "Chromium decoded every image: $got" test "$got" = "images $plots of $plots"
run_browser --window-size=1200,1600 --screenshot="$tmp/shot.png" "file://$tmp/r/report.html" >/dev/null
size=$(stat -c %s "$tmp/shot.png" 2>/dev/null || echo 0)
# A blank 1200x1600 page compresses to a few KiB; text and plots do not.
t_check "the screenshot is a PNG with something on it ($size bytes)" \
	bash -c "head -c 4 '$tmp/shot.png' | tail -c 3 | grep -qx PNG && test '$size' -gt 40000"
# The check can fail: a page whose images are broken must be reported.
sed 's|src="data:image/png;base64,iVBOR|src="data:image/png;base64,AAAA|' "$tmp/r/check.html" >"$tmp/r/broken.html"
run_browser --dump-dom "file://$tmp/r/broken.html" >"$tmp/dom-broken.html"
bad=$(sed -n 's|.*<title>\(images [0-9]* of [0-9]*\)</title>.*|\1|p' "$tmp/dom-broken.html" | head -n 1)
t_check "a page with broken images is caught ($bad)" test "$bad" = "images 0 of $plots"
t_done
