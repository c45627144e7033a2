#!/usr/bin/env python3
"""Reference for Densito's exact background (grayscale opening) from scipy.ndimage.

  python3 scripts/reference/background-scipy-opening.py

Writes TestImages/background/scipy-opening.json: a seeded random 48x40 image and, for a
ball and a paraboloid of radius 6.5, the opening computed by
  e = scipy.ndimage.grey_erosion(f, structure=k, mode="constant", cval=+inf)
  g = scipy.ndimage.grey_dilation(e, structure=k, mode="constant", cval=-inf)
with k the ball heights sqrt(r^2 - dx^2 - dy^2) on the disc |d| <= r (-inf outside) or the
paraboloid -(dx^2 + dy^2)/(2r) on a window covering the whole image. scipy restricts the
centres to the image while Densito lets them run r pixels outside, so only pixels at least
`interior` pixels from every edge are compared (there every centre that matters is inside).
Tools: Python 3.11, numpy, scipy 1.17.1 (versions recorded in the file).
"""
import json, os
import numpy as np
import scipy
from scipy import ndimage

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
rng = np.random.default_rng(2026)
h, w, r = 40, 48, 6.5
f = rng.integers(0, 100, size=(h, w)).astype(np.float32).astype(np.float64)
f += 40 * np.sin(np.arange(w) / 7.0)[None, :]  # some large-scale shape
f = f.astype(np.float32).astype(np.float64)
m = int(np.floor(r))
dy, dx = np.mgrid[-m:m + 1, -m:m + 1]
ball = np.where(dx**2 + dy**2 <= r * r, np.sqrt(np.maximum(0, r * r - dx**2 - dy**2)), -np.inf)
span = max(h, w)
py, px = np.mgrid[-span:span + 1, -span:span + 1]
para = -(px**2 + py**2) / (2 * r)

def opening(k):
    e = ndimage.grey_erosion(f, structure=k, mode="constant", cval=np.inf)
    return ndimage.grey_dilation(e, structure=k, mode="constant", cval=-np.inf)

out = {
    "tool": "scipy %s ndimage.grey_erosion/grey_dilation, numpy %s" % (scipy.__version__, np.__version__),
    "script": "scripts/reference/background-scipy-opening.py",
    "width": w, "height": h, "radius": r, "interior": 2 * m + 1,
    "input": [float(v) for v in f.ravel()],
    "ball": [float(v) for v in opening(ball).ravel()],
    "paraboloid": [float(v) for v in opening(para).ravel()],
}
with open(os.path.join(ROOT, "TestImages", "background", "scipy-opening.json"), "w") as fh:
    json.dump(out, fh)
print("ok")
