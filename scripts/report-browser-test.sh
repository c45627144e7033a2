#!/usr/bin/env bash
# Opens the demo's report.html in headless Chromium (Debian's package) and checks that it
# renders: no console errors, every <img> loaded (complete and naturalWidth > 0), and the
# fold-change table shows the values of foldchange.csv. Saves screenshots. Exit 0 = pass.
#
# Usage: scripts/report-browser-test.sh [OUTPUT_DIR]
#   DENSITO_BIN  densito binary to use (default: build with `swift build`, .build/debug/densito)
#   OUTPUT_DIR   where the analysis and screenshots go (default .build/report-browser-test)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-"$root/.build/report-browser-test"}

fail() { echo "report-browser-test: FAIL: $*" >&2; exit 1; }

# 1. Chromium from Debian, installed when missing.
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "installing chromium (apt-get)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  browser=$(command -v chromium) || fail "chromium could not be installed"
fi
echo "browser: $("$browser" --version 2>/dev/null || echo unknown)"

# 2. The demo analysis.
bin=${DENSITO_BIN:-}
if [ -z "$bin" ]; then
  swift build --product densito >/dev/null
  bin="$root/.build/debug/densito"
fi
rm -rf "$out"
mkdir -p "$out"
"$bin" analyze "$root/TestImages/demo/experiment.yaml" --out "$out/demo" --quiet
[ -s "$out/demo/report.html" ] || fail "no report.html written"

# 3. A copy of the report with a checking script appended (the report itself has no
#    scripts): it writes its verdict into the DOM, which --dump-dom prints.
python3 - "$out/demo" <<'PY'
import csv, json, sys, pathlib
d = pathlib.Path(sys.argv[1])
rows = list(csv.DictReader(open(d / "foldchange.csv", newline="", encoding="utf-8")))
expected = [{"target": r["target"], "group": r["group"],
             "fc": "%.3f" % float(r["fold_change"]), "stars": r["significance"]} for r in rows]
check = """
<script>
window.__errors = window.__errors || [];
window.addEventListener('error', e => window.__errors.push(String(e.message || e.type)), true);
window.addEventListener('load', () => {
  const problems = [];
  const imgs = Array.from(document.images);
  if (imgs.length === 0) problems.push('no images');
  imgs.forEach((img, i) => {
    if (!img.complete || img.naturalWidth === 0)
      problems.push('image ' + i + ' (' + img.alt + ') did not load');
  });
  const expected = EXPECTED;
  const rows = document.querySelectorAll('#foldchange-table tr[data-target]');
  if (rows.length !== expected.length) problems.push('table has ' + rows.length + ' rows, expected ' + expected.length);
  expected.forEach(e => {
    const row = Array.from(rows).find(r => r.dataset.target === e.target && r.dataset.group === e.group);
    if (!row) { problems.push('no row for ' + e.target + '/' + e.group); return; }
    const fc = row.querySelector('.fc').textContent.trim();
    const stars = row.querySelector('.stars').textContent.trim();
    if (fc !== e.fc) problems.push(e.target + ' fold change ' + fc + ' != ' + e.fc);
    if (stars !== e.stars) problems.push(e.target + ' stars ' + stars + ' != ' + e.stars);
  });
  const table = document.getElementById('foldchange-table');
  if (!table || table.getBoundingClientRect().height < 50) problems.push('table not rendered');
  window.__errors.forEach(m => problems.push('error: ' + m));
  const pre = document.createElement('pre');
  pre.id = 'browser-check';
  pre.textContent = problems.length === 0
    ? 'BROWSER-CHECK: PASS ' + imgs.length + ' images, ' + rows.length + ' rows'
    : 'BROWSER-CHECK: FAIL ' + problems.join(' | ');
  document.body.appendChild(pre);
});
</script>
""".replace("EXPECTED", json.dumps(expected))
html = (d / "report.html").read_text(encoding="utf-8")
assert "</body>" in html
(d / "report-check.html").write_text(html.replace("</body>", check + "</body>"), encoding="utf-8")
PY

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
       --no-first-run --disable-extensions --virtual-time-budget=15000)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# 4. Checks in the DOM.
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --dump-dom \
  "file://$out/demo/report-check.html" > "$out/dom.html" 2> "$out/chromium-dom.log" \
  || fail "chromium --dump-dom failed (see $out/chromium-dom.log)"
verdict=$(grep -o '<pre id="browser-check">[^<]*' "$out/dom.html" | sed 's/^<pre id="browser-check">//' || true)
echo "${verdict:-no verdict}"
case "$verdict" in "BROWSER-CHECK: PASS"*) ;; *) fail "DOM check: ${verdict:-the check did not run}" ;; esac

# 5. The unmodified report: console errors and a screenshot.
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --window-size=1280,16000 --screenshot="$out/report.png" "file://$out/demo/report.html" \
  2> "$out/chromium.log" >/dev/null || fail "chromium --screenshot failed (see $out/chromium.log)"
if grep -E 'CONSOLE|Uncaught|Failed to load|net::ERR' "$out/chromium.log"; then
  fail "console errors (see $out/chromium.log)"
fi
[ -s "$out/report.png" ] || fail "no screenshot"
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --window-size=1280,900 \
  --screenshot="$out/report-top.png" "file://$out/demo/report.html" >/dev/null 2>&1 || true
echo "report-browser-test: PASS (screenshots: $out/report.png, $out/report-top.png)"
