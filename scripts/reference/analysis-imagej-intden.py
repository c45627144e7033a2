#!/usr/bin/env python3
"""ImageJ reference for Tests/DensitoAnalysisTests/ImageJReferenceSpec.swift.

A band's volume + background (the sum of the lane profile over the band's rows times the
lane's columns) must equal ImageJ's integrated density (RawIntDen) of the band's rectangle in
the signal image. Input: the signal image S = 65535 − v of `Blots.ladderOfLoads(count: 4)`
(MinIsWhite view), dumped by the test as raw float32 to /tmp/analysis-ij.f32 when
DENSITO_DUMP_IJ=1. This script writes it as a 32-bit TIFF and runs ImageJ 1.53t headless:

  DENSITO_DUMP_IJ=1 swift test --filter ImageJReferenceSpec
  python3 scripts/reference/analysis-imagej-intden.py

(tifffile, numpy 2.4.6; `xvfb-run -a java -cp /usr/share/java/ij.jar ij.ImageJ -batch`)."""
import numpy as np, tifffile, subprocess, tempfile, os
W, H = 320, 240
v = np.fromfile("/tmp/analysis-ij.f32", dtype=np.float32).reshape(H, W)
s = (65535.0 - v).astype(np.float32)
tif = os.path.join(tempfile.gettempdir(), "analysis-ij.tif")
tifffile.imwrite(tif, s)
rects = [(35, 68, 51, 25), (35, 145, 51, 30), (100, 68, 51, 25), (100, 145, 51, 31),
         (165, 69, 51, 24), (165, 145, 51, 31), (230, 68, 51, 25), (230, 145, 51, 30)]
macro = f'open("{tif}");\nrun("Set Measurements...", "integrated redirect=None decimal=3");\n'
for (x, y, w, h) in rects:
    macro += f'makeRectangle({x}, {y}, {w}, {h}); print("RAWINTDEN {x} {y} " + d2s(getValue("RawIntDen"), 3));\n'
macro += 'print("MACRO-DONE");\n'
path = os.path.join(tempfile.gettempdir(), "analysis-ij.ijm")
open(path, "w").write(macro)
out = subprocess.run(["timeout", "120", "xvfb-run", "-a", "java", "-cp", "/usr/share/java/ij.jar",
                      "ij.ImageJ", "-batch", path], capture_output=True, text=True)
print(out.stdout)
assert "MACRO-DONE" in out.stdout, out.stderr
