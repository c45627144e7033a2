#!/usr/bin/env python3
"""Expected values of the real-scan JPEGs, from Pillow's decoder (its bundled libjpeg-turbo).

Writes TestImages/codecs/jpeg-reference.json, which Tests/DensitoRasterTests/JPEGReferenceTests
compares Densito's JPEG decoder (the system libjpeg-turbo) against.

Per file: size, Pillow's mode, JFIF density, the SHA-256 of the gray raster as
little-endian float32 (row-major; RGB made gray with Densito's GrayConversion.mean,
((R + G) + B) / 3 in float32), min/max/mean, and the per-channel 8-bit RGB samples of
every 7th row and column (a subsample kept small, to bound differences pixel by pixel
should the two libjpeg-turbo builds ever differ).

It also writes small JPEG fixtures for features the real scans lack (made with Pillow
from synthetic gradients, quality 90): TestImages/codecs/gray-gradient.jpg (1 component,
JFIF density 40 dots/cm), TestImages/codecs/ycbcr-progressive.jpg (progressive, 4:2:0,
no density) and TestImages/codecs/cmyk.jpg (Adobe CMYK, must be refused); their
expected values are listed under "codecs/<name>".

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
    if mode == "CMYK":
        g = a[:, :, 0].astype(np.float32)  # not compared: Densito refuses CMYK
        rgb = a[:, :, :3]
    elif a.ndim == 2:
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


def make_fixtures():
    out = ROOT / "TestImages" / "codecs"
    y, x = np.mgrid[0:24, 0:40]
    gray = ((x * 6 + y * 3) % 256).astype(np.uint8)
    Image.fromarray(gray, "L").save(out / "gray-gradient.jpg", quality=90, dpi=(101.6, 101.6))
    # Pillow writes dpi as dots/inch; rewrite the JFIF unit to dots/cm (40 = 101.6 / 2.54).
    data = bytearray((out / "gray-gradient.jpg").read_bytes())
    assert data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00"
    data[13] = 2
    data[14:16] = (40).to_bytes(2, "big")
    data[16:18] = (40).to_bytes(2, "big")
    (out / "gray-gradient.jpg").write_bytes(bytes(data))
    rgb = np.stack([(x * 6) % 256, (y * 10) % 256, ((x + y) * 4) % 256], axis=-1).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(out / "ycbcr-progressive.jpg", quality=90,
                                     progressive=True, subsampling=2)
    cmyk = np.stack([gray, 255 - gray, gray // 2, gray // 3], axis=-1).astype(np.uint8)
    Image.fromarray(cmyk, "CMYK").save(out / "cmyk.jpg", quality=90)
    return {f"codecs/{name}": describe(out / name)
            for name in ["gray-gradient.jpg", "ycbcr-progressive.jpg", "cmyk.jpg"]}


def main():
    files = make_fixtures()
    for path in sorted((SHARED / "realscans").iterdir()):
        # JPEG by content, whatever the name.
        if path.is_file() and path.read_bytes()[:3] == b"\xff\xd8\xff":
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
