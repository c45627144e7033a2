#!/usr/bin/env python3
"""Expected gray values of PNG test files, from pypng (a pure-Python reader, no gamma).

Writes TestImages/codecs/png-reference.json, which Tests/DensitoRasterTests/PNGReferenceTests
compares Densito's PNG decoder against.

For every file: width, height, bit depth, colour type, and the SHA-256 of the expected
gray raster as little-endian float32, row-major, plus min/max/mean and a few pixels.
The gray rule is Densito's, computed independently here from pypng's raw samples:
  * gray: the sample; 1/2/4-bit scaled by bit replication, v * (255 // (2**b - 1))
  * gray+alpha: the gray sample (alpha ignored, never blended)
  * RGB/RGBA: GrayConversion.mean, ((R + G) + B) / 3 in float32 (alpha ignored)
  * palette: the palette entry's RGB, then as RGB (tRNS alpha ignored)
No gamma, sRGB, iCCP or sBIT processing (pypng's Reader.read() returns stored samples).

Usage (from the package root):
  python3 scripts/reference/png-reference.py [SHARED_DIR]
SHARED_DIR defaults to ../shared beside the package root.
"""
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import png  # pypng

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
OUT = ROOT / "TestImages" / "codecs" / "png-reference.json"


def expected_gray(path):
    reader = png.Reader(filename=str(path))
    width, height, rows, info = reader.read()
    planes = info["planes"]
    depth = info["bitdepth"]
    a = np.array([np.asarray(r, dtype=np.uint32) for r in rows], dtype=np.uint32)
    a = a.reshape(height, width, planes)
    color_type = reader.color_type
    if color_type == 3:
        palette = np.array([entry[:3] for entry in info["palette"]], dtype=np.uint32)
        rgb = palette[a[:, :, 0]]
        g = mean_of(rgb)
    elif planes >= 3:
        g = mean_of(a[:, :, :3])
    else:
        v = a[:, :, 0]
        if depth < 8:
            v = v * (255 // (2 ** depth - 1))
        g = v.astype(np.float32)
    return g, depth, color_type, info


def mean_of(rgb):
    f = rgb.astype(np.float32)
    return ((f[:, :, 0] + f[:, :, 1]) + f[:, :, 2]) / np.float32(3)


def describe(path):
    g, depth, color_type, info = expected_gray(path)
    h, w = g.shape
    coords = sorted({(0, 0), (0, w - 1), (h - 1, 0), (h - 1, w - 1), (h // 2, w // 2),
                     (h // 3, (2 * w) // 3)})
    entry = {
        "width": w, "height": h, "bitDepth": depth, "colorType": color_type,
        "interlaced": bool(info.get("interlace", 0)),
        "hasTRNS": any(t == b"tRNS" for t, _ in png.Reader(filename=str(path)).chunks()),
        "sha256": hashlib.sha256(g.astype("<f4").tobytes()).hexdigest(),
        "min": float(g.min()), "max": float(g.max()), "mean": float(g.astype(np.float64).mean()),
        "pixels": [[r, c, float(g[r, c])] for r, c in coords],
    }
    return entry


def main():
    files = {}
    conformance = SHARED / "conformance" / "png"
    for path in sorted(conformance.rglob("*.png")):
        rel = path.relative_to(SHARED).as_posix()
        if "/badpal/" in rel or "/crashers/" in rel:
            continue
        files[rel] = describe(path)
    for path in sorted((SHARED / "realscans").glob("*.png")):
        rel = path.relative_to(SHARED).as_posix()
        try:
            files[rel] = describe(path)
        except png.Error:
            continue  # e.g. a JPEG under a .png name: covered by the JPEG reference
    # Exact 16-bit RGBA values of the gel scan at a few pixels, channel by channel.
    gel = SHARED / "realscans" / "gelblotanalyzer_TEST_GEL_AK_original.png"
    if gel.exists():
        w, h, rows, info = png.Reader(filename=str(gel)).read()
        a = np.array([np.asarray(r, dtype=np.uint32) for r in rows]).reshape(h, w, info["planes"])
        rgb_equal = bool((a[:, :, 0] == a[:, :, 1]).all() and (a[:, :, 1] == a[:, :, 2]).all())
        picks = [(0, 0), (10, 10), (h // 2, w // 2), (400, 1000), (h - 1, w - 1)]
        low = np.unravel_index(np.argmin(a[:, :, 0]), a.shape[:2])
        picks.append((int(low[0]), int(low[1])))
        files[gel.relative_to(SHARED).as_posix()]["rgba"] = {
            "rgbEqualEverywhere": rgb_equal,
            "medianRed": float(np.median(a[:, :, 0])),
            "pixels": [[r, c] + [int(x) for x in a[r, c]] for r, c in picks],
        }
    doc = {
        "generator": "scripts/reference/png-reference.py",
        "command": "python3 scripts/reference/png-reference.py /work/shared",
        "reader": f"pypng {version('pypng')} (png.Reader.read: stored samples, no gamma)",
        "numpy": version("numpy"),
        "python": sys.version.split()[0],
        "raster": "gray as little-endian float32, row-major; sha256 of those bytes",
        "grayRule": "gray as stored (1/2/4-bit scaled by bit replication); colour: "
                    "((R+G)+B)/3 in float32; palette through its RGB entries; alpha ignored",
        "files": files,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(files)} files)")


if __name__ == "__main__":
    main()
