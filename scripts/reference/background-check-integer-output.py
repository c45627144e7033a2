#!/usr/bin/env python3
"""Checks how ImageJ 1.53t turns its Float background into 8/16-bit results.

Runs imagej-subtract-background-integer.ijm on the synthetic 8-bit and 16-bit inputs of
background-make-fixtures.py (as opened, not converted to 32-bit) and compares with the
32-bit fixtures made by `background-make-fixtures.py --full DIR`:

  python3 scripts/reference/background-check-integer-output.py DIR

Finding (2026-11-26, ImageJ 1.53t): for every pixel,
  subtracted = clamp(floor(f - background + offset + 0.5), 0, max),
  offset = 0 (dark background) or max = 255 / 65535 (light background),
  create background = clamp(floor(background + 0.5), 0, max),
where `background` is exactly the Float background ImageJ computes for the 32-bit image.
"""
import importlib.util, os, subprocess, sys, tempfile
import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen", os.path.join(HERE, "background-make-fixtures.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

full = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    for name, img, src in [("s8", gen.synthetic_blot(96, 72, 1, 8, False), "synth8"),
                           ("s16", gen.synthetic_blot(96, 72, 2, 16, True), "synth16light")]:
        tif = os.path.join(tmp, name + ".tif")
        tifffile.imwrite(tif, img)
        out = subprocess.run(["timeout", "300", "xvfb-run", "-a", "java", "-cp", "/usr/share/java/ij.jar",
                              "ij.ImageJ", "-batch", os.path.join(HERE, "imagej-subtract-background-integer.ijm"),
                              tif + "|" + os.path.join(tmp, name + "-")], capture_output=True, text=True)
        assert "DENSITO-MACRO-DONE" in out.stdout, out.stdout + out.stderr
        dt, top = ("u1", 255) if name == "s8" else (">u2", 65535)
        f32 = lambda n: np.fromfile(os.path.join(full, n), "<f4").astype(np.float64).reshape(72, 96)
        a = img.astype(np.float64)
        res = [np.fromfile(os.path.join(tmp, "%s-%d.raw" % (name, i)), dt).reshape(72, 96) for i in range(4)]
        checks = [("rolling=50", res[0], np.floor(a - f32(src + "-r50-create.f32") + 0.5)),
                  ("rolling=50 light", res[1], np.floor(a - f32(src + "-r50-light-create.f32") + top + 0.5)),
                  ("rolling=50 create", res[2], np.floor(f32(src + "-r50-create.f32") + 0.5)),
                  ("rolling=50 sliding", res[3], np.floor(a - f32(src + "-r50-sliding-create.f32") + 0.5))]
        for label, got, pred in checks:
            bad = int((np.clip(pred, 0, top) != got).sum())
            print("%-4s %-20s mismatching pixels: %d of %d" % (name, label, bad, got.size))
