#!/usr/bin/env python3
"""Writes TestImages/tiff/MANIFEST.md: purpose, size and SHA-256 of each TIFF fixture.
Run after scripts/reference/tiff-reference.py:  python3 scripts/reference/tiff-manifest.py
"""
import glob
import hashlib
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FOLDER = os.path.join(ROOT, "TestImages", "tiff")
PURPOSE = {
    "f16.tif": "IEEE half float, 16-bit",
    "f32-deflate-predictor3.tif": "float32, Deflate, floating-point predictor (3)",
    "f32-miniswhite.tif": "float32 MinIsWhite (inverted against 1.0)",
    "f32-smax.tif": "float32 with SMaxSampleValue 4095 (maxValue)",
    "f64-bigendian.tif": "float64, big-endian",
    "i16.tif": "signed 16-bit, big-endian",
    "i32.tif": "signed 32-bit",
    "i8.tif": "signed 8-bit",
    "multipage-u16.tif": "3 pages of 16-bit, page p holds 1000(p+1) + noise",
    "palette8-8bit-colormap.tif": "8-bit palette, ColorMap values < 256 (8-bit ColorMap rule)",
    "palette8.tif": "8-bit palette, 16-bit ColorMap",
    "rgb16-tiles.tif": "RGB 16-bit, 16x16 tiles (partial edge tiles)",
    "rgb8-jpeg.tif": "JPEG-in-TIFF, YCbCr 2x2 (lossy path)",
    "rgb8-separate-lzw.tif": "RGB 8-bit, separate planes, LZW",
    "rgb8-tiles-separate-deflate.tif": "RGB 8-bit, 16x16 tiles, separate planes, Deflate",
    "rgba8-alpha.tif": "RGB + unassociated alpha (ignored, hadAlpha)",
    "u1.tif": "1-bit MinIsBlack (x255)",
    "u16-bigendian.tif": "16-bit big-endian, 7-row strips",
    "u16-bigtiff.tif": "16-bit BigTIFF",
    "u16-lzw-predictor.tif": "16-bit LZW, horizontal predictor, 5-row strips",
    "u16-miniswhite.tif": "16-bit MinIsWhite",
    "u16-tiles-deflate.tif": "16-bit, 16x16 tiles, Deflate",
    "u2.tif": "2-bit gray (x85)",
    "u32.tif": "unsigned 32-bit",
    "u8-jpeg-gray.tif": "gray JPEG-in-TIFF (lossy path, one channel)",
    "u8-packbits.tif": "8-bit PackBits",
    "u8-strips.tif": "8-bit, 4-row strips (specs patch its tags to make unsupported variants)",
}


def digest(path):
    with open(path, "rb") as f:
        data = f.read()
    return len(data), hashlib.sha256(data).hexdigest()


lines = [
    "# TestImages/tiff",
    "",
    "Fixtures of the TIFF specs. The synthetic files are 37 x 23 pixels (64 x 64 for JPEG),",
    "written by `scripts/reference/tiff-reference.py` with tifffile 2026.3.3 from a seeded",
    "numpy generator (seed 20261126); rerunning the script reproduces them byte for byte.",
    "Licence: made for this project, same licence as the code. This file is written by",
    "`scripts/reference/tiff-manifest.py`.",
    "",
    "`tiff-reference.json` holds the expected values of these files and of the TIFFs in",
    "`../shared/conformance/tiff` and `../shared/realscans` (see the script's docstring).",
    "",
    "| file | purpose | bytes | SHA-256 |",
    "| --- | --- | --- | --- |",
]
for path in sorted(glob.glob(os.path.join(FOLDER, "synthetic", "*.tif"))):
    name = os.path.basename(path)
    size, sha = digest(path)
    lines.append(f"| synthetic/{name} | {PURPOSE[name]} | {size} | `{sha}` |")
for path in sorted(glob.glob(os.path.join(FOLDER, "encoder", "*.tif"))):
    name = os.path.basename(path)
    size, sha = digest(path)
    purpose = "written by TIFFEncoder (TIFFEncoderGoldenSpec); tifffile checks it"
    lines.append(f"| encoder/{name} | {purpose} | {size} | `{sha}` |")
size, sha = digest(os.path.join(FOLDER, "tiff-reference.json"))
lines.append(f"| tiff-reference.json | expected values (tifffile + imagecodecs) | {size} | `{sha}` |")
lines += [
    "",
    "The fuzzing seeds in `Fuzz/corpus/tiff/` are copies of 12 of the synthetic files plus",
    "`palette-1c-4b.tiff` and `minisblack-2c-8b-alpha.tiff` from the libtiff test images",
    "(`../shared/conformance/tiff`, LibTIFF licence).",
    "",
]
with open(os.path.join(FOLDER, "MANIFEST.md"), "w") as out:
    out.write("\n".join(lines))
