"""Inputs of Benchmarks/compare-imagej.sh (numpy + tifffile + scipy; seeded, so reruns give
the same files).

  python3 make_inputs.py synthetic W H OUT.tif [OUT.u16]
      A W x H 16-bit blot-like image: sloped background with sinusoidal shading, a grid of
      bright bands and Gaussian noise (sigma 300), the recipe of
      Benchmarks/background-bench.sh, seed 20261126. Optional raw little-endian copy for
      densito-bench.
  python3 make_inputs.py upscale IN.tif W H OUT.tif
      IN resampled to W x H by linear interpolation (scipy.ndimage.zoom, order 1), rounded
      to 16-bit: a demo blot as if scanned at a higher resolution.
  python3 make_inputs.py experiment SRC_DIR W H OUT_DIR
      Every image of SRC_DIR/experiment.yaml upscaled to W x H into OUT_DIR, with the YAML.
  python3 make_inputs.py copies SRC_DIR N OUT_DIR
      N copies of the experiment in SRC_DIR (experiment.yaml and its images hard-linked,
      or copied when hard links fail) as OUT_DIR/exp-001 ... exp-N.
"""
import os
import re
import shutil
import sys

import numpy as np
import tifffile


def synthetic(w, h, out_tif, out_raw=None):
    rng = np.random.default_rng(20261126)
    img = np.empty((h, w), dtype=np.uint16)
    x = np.arange(w, dtype=np.float32)
    band_x = (x % 300) < 220
    step = 1000  # rows per chunk: keeps memory low for 80 megapixels
    for y0 in range(0, h, step):
        y = np.arange(y0, min(h, y0 + step), dtype=np.float32)[:, None]
        rows = 4000 + 1.5 * x[None, :] + 0.5 * y + 2500 * np.sin(x[None, :] / 700) * np.cos(y / 900)
        rows = rows + 20000 * (((y % 400) < 40) & band_x[None, :])
        rows = rows + rng.normal(0, 300, rows.shape).astype(np.float32)
        img[y0:y0 + rows.shape[0]] = np.clip(np.rint(rows), 0, 65535).astype(np.uint16)
    tifffile.imwrite(out_tif, img)
    if out_raw:
        img.astype("<u2").tofile(out_raw)


def upscale(src, w, h, out):
    from scipy import ndimage

    img = tifffile.imread(src).astype(np.float32)
    if img.ndim != 2:
        raise SystemExit(f"{src}: expected a gray image, got shape {img.shape}")
    zoomed = ndimage.zoom(img, (h / img.shape[0], w / img.shape[1]), order=1)
    assert zoomed.shape == (h, w), zoomed.shape
    tifffile.imwrite(out, np.clip(np.rint(zoomed), 0, 65535).astype(np.uint16))


def images_of(yaml_path):
    text = open(yaml_path, encoding="utf-8").read()
    return re.findall(r"image:\s*([^,}\s]+)", text)


def experiment(src, w, h, out):
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(src, "experiment.yaml"), os.path.join(out, "experiment.yaml"))
    for name in images_of(os.path.join(src, "experiment.yaml")):
        upscale(os.path.join(src, name), w, h, os.path.join(out, name))


def copies(src, n, out):
    files = ["experiment.yaml"] + images_of(os.path.join(src, "experiment.yaml"))
    for i in range(1, n + 1):
        d = os.path.join(out, f"exp-{i:03d}")
        os.makedirs(d, exist_ok=True)
        for f in files:
            target = os.path.join(d, f)
            if os.path.exists(target):
                continue
            try:
                os.link(os.path.join(src, f), target)
            except OSError:
                shutil.copy(os.path.join(src, f), target)


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    cmd, args = argv[0], argv[1:]
    if cmd == "synthetic":
        synthetic(int(args[0]), int(args[1]), args[2], args[3] if len(args) > 3 else None)
    elif cmd == "upscale":
        upscale(args[0], int(args[1]), int(args[2]), args[3])
    elif cmd == "experiment":
        experiment(args[0], int(args[1]), int(args[2]), args[3])
    elif cmd == "copies":
        copies(args[0], int(args[1]), args[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
