#!/usr/bin/env bash
# Opens the demo's report.html in headless Chromium (Debian's package) and checks that it
# renders: no console messages or script errors, every <img> loaded with the size of the
# file it embeds, the fold-change table shows the values of foldchange.csv (fold change,
# p, adjusted p, stars) and the sensitivity table those of sensitivity.csv, and the methods
# text is there. Saves a full-page screenshot and checks that it is a PNG of the page's
# size that is not blank.
#
# Exit 0 = pass. On failure: exit 1 and one line on stderr, "report-browser-test: FAIL: why".
#
# Usage: scripts/report-browser-test.sh [OUTPUT_DIR]
#   DENSITO_BIN  the densito binary (default .build/release/densito; built with
#                `swift build -c release --static-swift-stdlib --product densito` when missing)
#   OUTPUT_DIR   where the analysis, logs and screenshots go (default .build/report-browser-test)
# Chromium is installed with apt-get when missing (as root, or with password-less sudo).
# CI: DENSITO_BIN=$PWD/.build/release/densito scripts/report-browser-test.sh
set -Eeuo pipefail
caller=$(pwd)
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-"$root/.build/report-browser-test"}
case "$out" in /*) ;; *) out="$caller/$out" ;; esac
step="setup"

fail() { echo "report-browser-test: FAIL: $*" >&2; exit 1; }
trap 'echo "report-browser-test: FAIL: $step: \`$BASH_COMMAND\` exited with status $?" >&2' ERR

# Only this script's own files are removed from OUTPUT_DIR (it may be a folder you use).
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/demo" "$out/dom.html" "$out/report.png" "$out/report-top.png" \
  "$out/screenshot-check.txt" "$out"/chromium*.log "$out/analyze.log" "$out/prepare.log"

# 1. Chromium from Debian, installed when missing.
step="finding chromium"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  step="installing chromium"
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    fail "chromium is not installed and this user cannot install it (run as root, or apt-get install chromium)"
  fi
  echo "installing chromium with apt-get (log: $out/apt.log)" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$out/apt.log" 2>&1 \
    || fail "apt-get update failed (see $out/apt.log)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium fonts-liberation >>"$out/apt.log" 2>&1 \
    || fail "apt-get install chromium failed (see $out/apt.log)"
  browser=$(command -v chromium || true)
  [ -n "$browser" ] || fail "apt-get installed chromium but there is no chromium command"
fi
echo "browser: $("$browser" --version 2>/dev/null | head -1 || echo unknown)"

# 2. The demo analysis, with the release binary.
step="building densito"
bin=${DENSITO_BIN:-"$root/.build/release/densito"}
if [ ! -x "$bin" ]; then
  [ -z "${DENSITO_BIN:-}" ] || fail "DENSITO_BIN=$bin is not an executable file"
  echo "building $bin (swift build -c release)" >&2
  swift build -c release --static-swift-stdlib --product densito >"$out/build.log" 2>&1 \
    || fail "swift build -c release failed (see $out/build.log)"
fi
step="analysing the demo"
"$bin" analyze "$root/TestImages/demo/experiment.yaml" --out "$out/demo" --quiet \
  >"$out/analyze.log" 2>&1 || fail "densito analyze failed: $(tail -1 "$out/analyze.log")"
[ -s "$out/demo/report.html" ] || fail "densito analyze wrote no report.html"

# 3. A copy of the report with a checking script put first in <head> (the report itself has
#    no scripts): it records console messages and errors from the start, checks the page
#    once everything has loaded, and writes its verdict into the DOM, which --dump-dom prints.
step="preparing the check"
python3 - "$out/demo" 2>"$out/prepare.log" <<'PY' || fail "preparing the check: $(tail -1 "$out/prepare.log")"
import csv, json, pathlib, re, struct, sys
d = pathlib.Path(sys.argv[1])

def png_size(path):
    b = path.read_bytes()[:24]
    if b[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path.name} is not a PNG")
    return list(struct.unpack(">II", b[16:24]))

def safe(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)

fold = list(csv.DictReader(open(d / "foldchange.csv", newline="", encoding="utf-8")))
expected = [{"target": r["target"], "group": r["group"], "fc": "%.3f" % float(r["fold_change"]),
             "p": r["p_value"], "padj": r["p_adjusted"], "stars": r["significance"]} for r in fold]
sens = list(csv.DictReader(open(d / "sensitivity.csv", newline="", encoding="utf-8")))
sizes = {"Fold-change chart": png_size(d / "foldchange.png")}
targets = sorted({r["target"] for r in csv.DictReader(open(d / "bands.csv", newline="", encoding="utf-8"))})
for t in targets:
    sizes["Overlay of " + t] = png_size(d / f"overlay-{safe(t)}.png")
check = """<script>
(() => {
  const messages = [];
  for (const kind of ['error', 'warn', 'log', 'info', 'debug']) {
    const original = console[kind].bind(console);
    console[kind] = (...args) => { messages.push('console.' + kind + ': ' + args.join(' ')); original(...args); };
  }
  window.addEventListener('error', e => {
    const t = e.target;
    messages.push(t && t !== window && t.tagName
      ? 'failed to load <' + t.tagName.toLowerCase() + '> ' + (t.alt || t.src || '').slice(0, 80)
      : 'script error: ' + e.message);
  }, true);
  window.addEventListener('unhandledrejection', e => messages.push('unhandled rejection: ' + e.reason));
  window.addEventListener('load', () => {
    const problems = [];
    const text = el => el ? el.textContent.trim() : null;
    const imgs = Array.from(document.images);
    if (imgs.length !== EXPECTED_IMAGES) problems.push(imgs.length + ' images, expected ' + EXPECTED_IMAGES);
    imgs.forEach((img, i) => {
      if (!img.complete || img.naturalWidth === 0) { problems.push('image ' + i + ' (' + img.alt + ') did not load'); return; }
      if (img.getBoundingClientRect().width < 50) problems.push('image ' + i + ' (' + img.alt + ') is not visible');
      const size = SIZES[img.alt];
      if (size && (img.naturalWidth !== size[0] || img.naturalHeight !== size[1]))
        problems.push(img.alt + ' is ' + img.naturalWidth + 'x' + img.naturalHeight + ', the file ' + size[0] + 'x' + size[1]);
    });
    Object.keys(SIZES).forEach(alt => { if (!imgs.some(i => i.alt === alt)) problems.push('no image "' + alt + '"'); });
    const rows = Array.from(document.querySelectorAll('#foldchange-table tr[data-target]'));
    if (rows.length !== EXPECTED.length) problems.push('table has ' + rows.length + ' rows, expected ' + EXPECTED.length);
    EXPECTED.forEach(e => {
      const row = rows.find(r => r.dataset.target === e.target && r.dataset.group === e.group);
      if (!row) { problems.push('no row for ' + e.target + '/' + e.group); return; }
      for (const key of ['fc', 'p', 'padj', 'stars']) {
        const shown = text(row.querySelector('.' + key));
        if (shown !== e[key]) problems.push(e.target + ' ' + key + ' shows "' + shown + '", foldchange.csv says "' + e[key] + '"');
      }
    });
    const table = document.getElementById('foldchange-table');
    if (!table || table.getBoundingClientRect().height < 50) problems.push('fold-change table not rendered');
    const sens = document.querySelectorAll('#sensitivity-table tr').length - 1;
    if (sens !== SENSITIVITY_ROWS) problems.push('sensitivity table has ' + sens + ' rows, expected ' + SENSITIVITY_ROWS);
    const methods = text(document.getElementById('methods-text')) || '';
    if (!methods.startsWith('Densitometry of ')) problems.push('no methods paragraph');
    messages.forEach(m => problems.push(m));
    const pre = document.createElement('pre');
    pre.id = 'browser-check';
    const height = Math.ceil(document.documentElement.scrollHeight);
    pre.textContent = problems.length === 0
      ? 'BROWSER-CHECK: PASS ' + imgs.length + ' images, ' + rows.length + ' rows, page height ' + height
      : 'BROWSER-CHECK: FAIL ' + problems.join(' | ');
    pre.dataset.height = height;
    document.body.appendChild(pre);
  });
})();
</script>"""
check = (check.replace("EXPECTED_IMAGES", str(len(targets) * 2 + 1))
              .replace("EXPECTED", json.dumps(expected))
              .replace("SIZES", json.dumps(sizes))
              .replace("SENSITIVITY_ROWS", str(len({(r["target"], r["group"]) for r in sens}))))
html = (d / "report.html").read_text(encoding="utf-8")
if "<head>" not in html:
    sys.exit("report.html has no <head>")
(d / "report-check.html").write_text(html.replace("<head>", "<head>" + check, 1), encoding="utf-8")
PY

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
       --no-first-run --disable-extensions --virtual-time-budget=15000)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# 4. The checks in the DOM.
step="checking the DOM"
status=0
timeout 180 "$browser" "${flags[@]}" --user-data-dir="$profile" --dump-dom \
  "file://$out/demo/report-check.html" >"$out/dom.html" 2>"$out/chromium-dom.log" || status=$?
[ "$status" -ne 124 ] || fail "chromium --dump-dom timed out after 180 s"
[ "$status" -eq 0 ] || fail "chromium --dump-dom exited with status $status (see $out/chromium-dom.log)"
verdict=$(grep -o '<pre id="browser-check"[^>]*>[^<]*' "$out/dom.html" | sed 's/^<pre[^>]*>//' \
  | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' || true)
echo "${verdict:-no verdict}"
case "$verdict" in
  "BROWSER-CHECK: PASS"*) ;;
  "") fail "the check script did not run (no verdict in $out/dom.html)" ;;
  *) fail "${verdict#BROWSER-CHECK: FAIL }" ;;
esac
height=$(grep -o 'data-height="[0-9]*"' "$out/dom.html" | grep -o '[0-9][0-9]*' | head -1 || true)
[ -n "$height" ] && [ "$height" -gt 500 ] || fail "page height not measured (got '${height:-}')"

# 5. The unmodified report: console messages (Chromium logs them as CONSOLE lines) and a
#    full-page screenshot.
step="taking the screenshot"
status=0
timeout 180 "$browser" "${flags[@]}" --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --window-size="1280,$height" --screenshot="$out/report.png" "file://$out/demo/report.html" \
  >/dev/null 2>"$out/chromium.log" || status=$?
[ "$status" -ne 124 ] || fail "chromium --screenshot timed out after 180 s"
[ "$status" -eq 0 ] || fail "chromium --screenshot exited with status $status (see $out/chromium.log)"
console=$(grep -E 'CONSOLE|Uncaught|Failed to load|net::ERR_' "$out/chromium.log" | head -1 | cut -c1-200 || true)
[ -z "$console" ] || fail "console message in report.html: $console"
python3 - "$out/report.png" 1280 "$height" <<'PY' || fail "screenshot: $(cat "$out/screenshot-check.txt" 2>/dev/null)"
import struct, sys, zlib, pathlib
path, width, height = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
note = path.parent / "screenshot-check.txt"
def bad(why):
    note.write_text(why)
    sys.exit(1)
if not path.exists() or path.stat().st_size == 0:
    bad("no screenshot written")
data = path.read_bytes()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    bad("report.png is not a PNG")
w, h = struct.unpack(">II", data[16:24])
if (w, h) != (width, height):
    bad(f"report.png is {w}x{h}, expected {width}x{height}")
idat, i = b"", 8
while i < len(data):
    n, kind = struct.unpack(">I4s", data[i:i + 8])
    if kind == b"IDAT":
        idat += data[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
if len(set(raw[:2_000_000])) < 16:
    bad("report.png looks blank (fewer than 16 distinct byte values)")
PY

# 6. The first screen, for the docs and a quick look.
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --window-size=1280,900 \
  --screenshot="$out/report-top.png" "file://$out/demo/report.html" >/dev/null 2>&1 || true
echo "report-browser-test: PASS (screenshot $out/report.png, 1280x$height; first screen $out/report-top.png)"
