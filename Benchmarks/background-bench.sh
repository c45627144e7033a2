#!/usr/bin/env bash
# Background subtraction speed: Densito (release) against ImageJ 1.53t on the same
# 4000x6000 16-bit image, in the same run.
#   bash Benchmarks/background-bench.sh [WORKDIR]
# Needs: python3 with numpy + tifffile, ImageJ (Debian package imagej), xvfb-run.
# ImageJ's time covers only the Subtract Background step (getTime() around run(...) in
# scripts/reference/imagej-time-subtract-background.ijm) on the 16-bit image as opened.
# Densito's time covers subtractingBackground(from:options:) on the same samples as Float
# (reading and converting the file is not timed). Figures go to Docs/background.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
W=4000; H=6000
OPTS="rolling=50;rolling=25;rolling=50 sliding;rolling=25 sliding"

python3 - "$WORK" "$W" "$H" <<'PY'
import sys, numpy as np, tifffile
work, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(20261126)
y, x = np.mgrid[0:h, 0:w].astype(np.float32)
img = 4000 + 1.5 * x + 0.5 * y + 2500 * np.sin(x / 700) * np.cos(y / 900)
bands = ((y % 400) < 40) & ((x % 300) < 220)
img += 20000 * bands
img += rng.normal(0, 300, img.shape).astype(np.float32)
img = np.clip(np.rint(img), 0, 65535).astype(np.uint16)
tifffile.imwrite(f"{work}/bench.tif", img)
img.astype("<u2").tofile(f"{work}/bench.u16")
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GB RAM, load before run: $(cut -d' ' -f1-3 /proc/loadavg)"
LOG="$WORK/imagej.log"
timeout 1800 xvfb-run -a java -Xmx6g -cp /usr/share/java/ij.jar ij.ImageJ -batch \
  "$ROOT/scripts/reference/imagej-time-subtract-background.ijm" "$WORK/bench.tif|$OPTS" \
  > "$LOG" 2>&1 || true
grep -q DENSITO-MACRO-DONE "$LOG" || { echo "ImageJ run failed:"; cat "$LOG"; exit 1; }
IMAGEJ=$(grep '^TIME ' "$LOG" | sed -E 's/^TIME (.*) ([0-9]+)$/\1=\2/' | paste -sd, -)
echo "ImageJ 1.53t times (ms): $IMAGEJ"

cd "$ROOT"
swift build -c release --static-swift-stdlib --product densito-bench 2>&1 | tail -1
.build/release/densito-bench background --raw16 "$WORK/bench.u16" --width $W --height $H \
  --imagej "$IMAGEJ" --repeat 3
