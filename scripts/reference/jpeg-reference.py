#!/usr/bin/env python3
"""Expected values of the real-scan JPEGs, from Pillow's decoder (its bundled libjpeg-turbo).

Writes TestImages/codecs/jpeg-reference.json, which Tests/DensitoRasterTests/JPEGReferenceTests
compares Densito's JPEG decoder (the system libjpeg-turbo) against.

Per file: size, Pillow's mode, JFIF density, the SHA-256 of the gray raster as
little-endian float32 (row-major; RGB made gray with Densito's GrayConversion.mean,
((R + G) + B) / 3 in float32), min/max/mean, and the per-channel 8-bit RGB samples of
every 7th row and column (a subsample kept small, to bound differences pixel by pixel
should the two libjpeg-turbo builds ever differ).

Usage (from the package root):
  python3 scripts/reference/jpeg-reference.py [SHARED_DIR]
"""
import base64
import hashlib
import json
import sys
import zlib
from importlib.metadata import version
from pathlib import Path

import numpy as np
from PIL import Image, features

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
OUT = ROOT / "TestImages" / "codecs" / "jpeg-reference.json"
STEP = 7


def describe(path):
    with Image.open(path) as im:
        im.load()
        mode = im.mode
        info = dict(im.info)
        a = np.asarray(im)
    if a.ndim == 2:
        g = a.astype(np.float32)
        rgb = a[:, :, None]
    else:
        f = a[:, :, :3].astype(np.float32)
        g = ((f[:, :, 0] + f[:, :, 1]) + f[:, :, 2]) / np.float32(3)
        rgb = a[:, :, :3]
    sub = np.ascontiguousarray(rgb[::STEP, ::STEP, :]).astype(np.uint8)
    entry = {
        "width": int(g.shape[1]), "height": int(g.shape[0]), "mode": mode,
        "progressive": bool(info.get("progressive", 0)),
        "jfifUnit": info.get("jfif_unit"), "jfifDensity": list(info.get("jfif_density", ())),
        "sha256": hashlib.sha256(g.astype("<f4").tobytes()).hexdigest(),
        "min": float(g.min()), "max": float(g.max()), "mean": float(g.astype(np.float64).mean()),
        "subsampleStep": STEP,
        "subsampleShape": list(sub.shape),
        "subsampleZlibBase64": base64.b64encode(zlib.compress(sub.tobytes(), 9)).decode(),
    }
    return entry


def main():
    files = {}
    for path in sorted((SHARED / "realscans").iterdir()):
        if path.is_file() and path.read_bytes()[:3] == b"\xff\xd8\xff":  # JPEG by content, whatever the name
            files[path.relative_to(SHARED).as_posix()] = describe(path)
    doc = {
        "generator": "scripts/reference/jpeg-reference.py",
        "command": "python3 scripts/reference/jpeg-reference.py /work/shared",
        "reader": f"Pillow {version('pillow')} with libjpeg-turbo "
                  f"{features.version('libjpeg_turbo')} (default ISLOW IDCT, fancy upsampling)",
        "numpy": version("numpy"),
        "python": sys.version.split()[0],
        "raster": "gray as little-endian float32, row-major; sha256 of those bytes",
        "grayRule": "((R+G)+B)/3 in float32 from Pillow's RGB",
        "files": files,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(files)} files)")


if __name__ == "__main__":
    main()
