#!/usr/bin/env bash
# Bit-identity check of the ImageJ-identical sliding paraboloid across a speed change:
# prints one SHA-256 per (image, radius, polarity) of the 32-bit TIFF that
# `densito background --paraboloid --create-background --method imagej` writes. Run it with
# the CLI built before and after the change and diff the two listings: they must be equal.
#   bash scripts/reference/paraboloid-checksums.sh PATH/TO/densito WORKDIR
# Needs python3 with numpy + tifffile (the inputs come from Benchmarks/compare/make_inputs.py
# plus odd-sized crops, so lines of every length and both aspect ratios occur). Smoothing
# stays on: the CLI's --no-smoothing passes `.none` (nil, the default) and does not disable
# it; the unsmoothed path is covered bit for bit by BackgroundSlidingParaboloidTests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DENSITO="$1"; WORK="$2"
mkdir -p "$WORK"
if [ ! -f "$WORK/s2000.tif" ]; then
  python3 "$ROOT/Benchmarks/compare/make_inputs.py" synthetic 2000 3000 \
    "$WORK/s2000.tif" "$WORK/s2000.u16" > /dev/null
fi
python3 - "$WORK" <<'PY'
import sys, numpy as np, tifffile
work = sys.argv[1]
img = tifffile.imread(f"{work}/s2000.tif")
tifffile.imwrite(f"{work}/tall.tif", np.ascontiguousarray(img[7:524, 11:344]))    # 333x517
tifffile.imwrite(f"{work}/wide.tif", np.ascontiguousarray(img[100:333, 50:1067]))  # 1017x233
tifffile.imwrite(f"{work}/tiny.tif", np.ascontiguousarray(img[0:5, 0:19]))        # 19x5
PY
for input in s2000 tall wide tiny; do
  for radius in 5 25 50 150; do
    for light in "" --light; do
      "$DENSITO" background "$WORK/$input.tif" "$WORK/out.tif" --radius "$radius" $light \
        --paraboloid --create-background --method imagej > /dev/null
      echo "$input r=$radius ${light:-dark} $(sha256sum < "$WORK/out.tif" | cut -c1-16)"
    done
  done
done
