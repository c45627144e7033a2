#!/usr/bin/env bash
# Densito side by side with ImageJ 1.53t on the same files in the same run: Subtract
# Background (rolling ball r=25, r=50, sliding paraboloid) on 2000x3000, 4000x6000 and
# 8000x10000 16-bit images, lane profiles (ImageJ's getProfile against `densito profiles`, the
# like-for-like step, and against `densito bands` on the same rectangles; the profile areas of
# the two tools are checked equal), end to end (analyze, batch), scaling with image size and
# with the number of experiments. Prints the machine, the tables and one ratio
# table (ImageJ / Densito); Docs/performance.md explains the figures.
#
#   bash Benchmarks/compare-imagej.sh            # full run (4 min on 2 idle cores, 40 loaded)
#   bash Benchmarks/compare-imagej.sh --quick    # smoke test: smallest sizes (under 1 min idle)
#   WORK=/tmp/x bash Benchmarks/compare-imagej.sh --only background,lanes
#   bash Benchmarks/compare-imagej.sh --only lanes   # the lane-profile section alone (2 sizes)
#
# Needs: swift, python3 with numpy, scipy and tifffile, ImageJ (Debian package imagej, 1.53t),
# xvfb-run and java. The inputs are generated (seeded) under $WORK (default: a new temporary
# folder), which also receives results.md and results.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QUICK=(); ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=(--quick) ;;
    --only) ONLY=(--only "$2"); shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "compare-imagej: unknown argument '$1' (use --quick, --only SECTIONS)" >&2; exit 2 ;;
  esac
  shift
done

missing() { echo "compare-imagej: $1 is missing; install it with: $2" >&2; exit 2; }
[ -f /usr/share/java/ij.jar ] || missing "ImageJ (/usr/share/java/ij.jar)" "apt-get install -y imagej xvfb xauth"
command -v xvfb-run >/dev/null || missing "xvfb-run" "apt-get install -y imagej xvfb xauth"
command -v java >/dev/null || missing "java" "apt-get install -y imagej xvfb xauth"
command -v swift >/dev/null || missing "swift" "a Swift 6 toolchain from https://swift.org/install"
python3 -c 'import numpy, scipy, tifffile' 2>/dev/null ||
  missing "python3 with numpy, scipy and tifffile" "pip install numpy scipy tifffile"

WORK="${WORK:-$(mktemp -d -t densito-compare.XXXXXX)}"
mkdir -p "$WORK"
cd "$ROOT"
[ -f scripts/setup.sh ] && bash scripts/setup.sh
echo "building release binaries (swift build -c release --static-swift-stdlib)..."
swift build -c release --static-swift-stdlib --product densito 2>&1 | tail -1
swift build -c release --static-swift-stdlib --product densito-bench 2>&1 | tail -1
BIN="$(swift build -c release --show-bin-path)"
exec python3 "$ROOT/Benchmarks/compare/compare.py" --root "$ROOT" --work "$WORK" \
  --densito "$BIN/densito" --bench "$BIN/densito-bench" ${QUICK[@]+"${QUICK[@]}"} ${ONLY[@]+"${ONLY[@]}"}
