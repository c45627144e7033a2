"""Makes the lane-profile fixtures of TestImages/profiles/ (seeded, deterministic).

  python3 scripts/reference/profiles/make_fixtures.py TestImages/profiles

Writes three 48x40 images with the same pattern (a sloped background, three dark bands
across four vertical lanes, noise), stored as 8-bit, 16-bit (full range) and 32-bit float
(non-integer values, so the order of summation shows in the last bits), plus
lanes.csv: the rectangles the ImageJ macro profiles (imagej-profiles.ijm) and the tests use.
numpy 2.4.6, tifffile 2026.3.3 (uncompressed, little-endian, one strip).
"""
import os
import sys

import numpy as np
import tifffile

W, H = 48, 40
# name, x, y, width, height, orientation: vertical lanes (row averages), then horizontal
# lanes (column averages). Edge cases: touching every border, one column wide, one row tall.
RECTANGLES = [
  ("v1", 0, 0, 9, 40, "vertical"),
  ("v2", 12, 3, 10, 30, "vertical"),
  ("v3", 25, 5, 1, 20, "vertical"),
  ("v4", 37, 0, 11, 40, "vertical"),
  ("h1", 0, 0, 48, 6, "horizontal"),
  ("h2", 5, 20, 30, 1, "horizontal"),
  ("h3", 10, 29, 38, 11, "horizontal"),
]


def pattern():
  rng = np.random.default_rng(20261127)
  y, x = np.mgrid[0:H, 0:W].astype(np.float64)
  light = 0.85 - 0.004 * x - 0.003 * y                      # a sloped light background
  for cx in (5, 17, 25.5, 42):                              # four lanes of dark bands
    for cy, depth in ((8, 0.5), (19, 0.3), (31, 0.65)):
      light -= depth * np.exp(-((x - cx) / 3.5) ** 2 / 2 - ((y - cy) / 1.8) ** 2 / 2)
  return np.clip(light + rng.normal(0, 0.02, (H, W)), 0.0, 1.0)


def main(out):
  os.makedirs(out, exist_ok=True)
  p = pattern()
  images = {
    "profiles-8bit.tif": np.round(p * 255).astype(np.uint8),
    "profiles-16bit.tif": np.round(p * 65535).astype(np.uint16),
    "profiles-float.tif": (p * 1000.0 + 0.1234567).astype(np.float32),
  }
  for name, a in images.items():
    tifffile.imwrite(os.path.join(out, name), a, photometric="minisblack")
  with open(os.path.join(out, "lanes.csv"), "w") as f:
    f.write("name,x,y,width,height,orientation\n")
    for r in RECTANGLES:
      f.write("%s,%d,%d,%d,%d,%s\n" % r)


if __name__ == "__main__":
  main(sys.argv[1] if len(sys.argv) > 1 else "TestImages/profiles")
