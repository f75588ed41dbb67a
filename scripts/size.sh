#!/bin/sh
# Size report of app.wasm: raw, gzip -9 and brotli -q 11, against the budgets
# (8.9 MB raw, 1.9 MB brotli; raised from 8 and 1.8 when the paste parsers,
# about 0.6 MB raw and 0.12 MB brotli, joined the page, and the raw one from
# 8.7 when the engine gained typed facts, scheme fetch, CORP and rule match
# modes: +0.22 MB raw, +0.04 MB brotli before wasm-opt).
set -eu
f=${1:-web/app.wasm}
raw=$(wc -c < "$f")
gz=$(gzip -9 -c "$f" | wc -c)
if command -v brotli >/dev/null 2>&1; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }
printf 'app.wasm  raw %s (%d B)  gzip %s  brotli %s\n' "$(mb "$raw")" "$raw" "$(mb "$gz")" "$(mb "$br")"
status=0
[ "$raw" -le 8900000 ] || { echo "over budget: raw > 8.9 MB"; status=1; }
[ "$br" -eq 0 ] && echo "brotli not installed: apt-get install brotli" || { [ "$br" -le 1900000 ] || { echo "over budget: brotli > 1.9 MB"; status=1; }; }
exit $status
