#!/usr/bin/env bash
# TIFF decode speed: plain C + libtiff (Benchmarks/c/decode_tiff.c) against Densito's
# TIFFDecoder, on the same 4000x6000 16-bit uncompressed TIFF, both from memory.
# Usage: Benchmarks/tiff-decode-bench.sh [reps]        (from anywhere; default 15 reps)
# Needs: cc, pkg-config, libtiff-dev, python3 with numpy + tifffile (to make the input).
# Prints each side's median and best time and the ratio Densito / C (target <= 1.3).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-15}"
WORK="${TMPDIR:-/tmp}/densito-tiff-bench"
mkdir -p "$WORK"
IMAGE="$WORK/bench-4000x6000-u16.tif"

cc -O2 -o "$WORK/decode_tiff" Benchmarks/c/decode_tiff.c $(pkg-config --cflags --libs libtiff-4)

if [ ! -f "$IMAGE" ]; then
  python3 - "$IMAGE" <<'PY'
import sys, numpy, tifffile
# Seeded noise (incompressible, like a worst case); one strip, little-endian, uncompressed.
data = numpy.random.default_rng(1).integers(0, 65536, (6000, 4000), dtype=numpy.uint16)
tifffile.imwrite(sys.argv[1], data, photometric="minisblack")
PY
fi

swift build -c release --static-swift-stdlib --product densito-bench >/dev/null
C_LINE=$("$WORK/decode_tiff" "$IMAGE" "$REPS")
D_LINE=$(.build/release/densito-bench tiff "$IMAGE" "$REPS")
echo "$C_LINE"
echo "$D_LINE"
case "$D_LINE" in
  densito-tiff*) ;;
  *) echo "densito-bench has no 'tiff' group: wire tiffDecodeBenchmarks into main.swift" >&2; exit 1 ;;
esac
median() { sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'; }
best() { sed -n 's/.*best_ms=\([0-9.]*\).*/\1/p'; }
C_MED=$(echo "$C_LINE" | median); D_MED=$(echo "$D_LINE" | median)
C_BEST=$(echo "$C_LINE" | best); D_BEST=$(echo "$D_LINE" | best)
python3 -c "print(f'ratio densito/c: median {$D_MED/$C_MED:.2f}x, best {$D_BEST/$C_BEST:.2f}x (target <= 1.3x)')"
