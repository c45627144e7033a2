#!/usr/bin/env python3
"""Reference values for Densito's TIFF decoder, from an independent reader (tifffile).

1. Writes small synthetic TIFFs of many layouts with tifffile (seeded, deterministic) into
   TestImages/tiff/synthetic/.
2. Reads every synthetic file, every file of ../shared/conformance/tiff and the TIFF real
   scans of ../shared/realscans with tifffile (+ imagecodecs for LZW/Deflate/JPEG) and turns
   each page into the Float32 gray raster Densito must produce, applying the same documented
   rules (Docs/formats-tiff.md):
     - unsigned 1/2/4-bit: v * 255 / (2^bits - 1); 8/16/32-bit: as stored
     - signed: v + 2^(bits-1)        - float: as stored (float64 rounded to float32)
     - MinIsWhite: max - v, max = 2^bits - 1 (255 for < 8 bits), SMaxSampleValue or 1.0 (float)
     - palette: ColorMap entry -> (r + g + b) / 3 in float32; 8-bit ColorMap if all < 256
     - RGB: (r + g + b) / 3 in float32 (GrayConversion.mean), extra samples ignored
     - JPEG-in-TIFF: only size and mean (lossy; compared with a tolerance)
3. Writes TestImages/tiff/tiff-reference.json: per file and page the size, bit depth,
   maxValue, min, max, mean and the SHA-256 of the little-endian Float32 raster.

Run:  python3 scripts/reference/tiff-reference.py
(from a worktree whose ../shared is missing: DENSITO_SHARED_DIR=/work/shared python3 ...)
"""
import glob
import hashlib
import json
import os
import sys

import imagecodecs
import numpy
import tifffile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# ../shared beside the package; DENSITO_SHARED_DIR overrides it (e.g. from a git worktree).
SHARED = os.environ.get("DENSITO_SHARED_DIR") or os.path.abspath(
    os.path.join(ROOT, "..", "shared"))
OUT_DIR = os.path.join(ROOT, "TestImages", "tiff")
SYN_DIR = os.path.join(OUT_DIR, "synthetic")
F32 = numpy.float32

# Files of the conformance set that must be refused, and the feature the error names.
UNSUPPORTED = {
    "logluv-3c-16b.tiff": "compression: SGILog (LogLuv)",
    "ojpeg_chewey_subsamp21_multi_strip.tiff": "compression: old-style JPEG",
    "ojpeg_single_strip_no_rowsperstrip.tiff": "compression: old-style JPEG",
    "ojpeg_zackthecat_subsamp22_single_strip.tiff": "compression: old-style JPEG",
    "testfax3_bug54_1dnoEOL.tif": "compression: CCITT fax 3",
    "testfax3_bug_513.tiff": "compression: CCITT fax 3",
    "testfax4.tiff": "compression: CCITT fax 4",
    "webp_lossless_rgba_alpha_fully_opaque.tif": "compression: WebP",
}


def write_synthetic():
    """Tiny files of every layout the decoder claims, 37x23 (not a multiple of tiles)."""
    os.makedirs(SYN_DIR, exist_ok=True)
    rng = numpy.random.default_rng(20261126)
    h, w = 23, 37

    def ints(dtype):
        info = numpy.iinfo(dtype)
        return rng.integers(info.min, info.max, size=(h, w), endpoint=True, dtype=dtype)

    def put(name, data, **kw):
        tifffile.imwrite(os.path.join(SYN_DIR, name), data, **kw)

    u16 = ints(numpy.uint16)
    put("u8-strips.tif", ints(numpy.uint8), photometric="minisblack", rowsperstrip=4)
    put("u16-bigendian.tif", u16, photometric="minisblack", byteorder=">", rowsperstrip=7)
    put("u16-tiles-deflate.tif", u16, photometric="minisblack", tile=(16, 16),
        compression="zlib")
    put("u16-lzw-predictor.tif", u16, photometric="minisblack", compression="lzw",
        predictor=2, rowsperstrip=5)
    put("u16-bigtiff.tif", u16, photometric="minisblack", bigtiff=True)
    put("u16-miniswhite.tif", u16, photometric="miniswhite")
    put("u32.tif", ints(numpy.uint32), photometric="minisblack")
    put("u8-packbits.tif", (rng.integers(0, 4, (h, w)) * 60).astype(numpy.uint8),
        photometric="minisblack", compression="packbits")
    put("u2.tif", rng.integers(0, 4, (h, w)).astype(numpy.uint8), photometric="minisblack",
        bitspersample=2)
    put("u1.tif", rng.integers(0, 2, (h, w)).astype(bool), photometric="minisblack")
    put("i8.tif", ints(numpy.int8), photometric="minisblack")
    put("i16.tif", ints(numpy.int16), photometric="minisblack", byteorder=">")
    put("i32.tif", ints(numpy.int32), photometric="minisblack")
    f32 = (rng.standard_normal((h, w)) * 1000).astype(numpy.float32)
    put("f32-deflate-predictor3.tif", f32, photometric="minisblack", compression="zlib",
        predictor=3)
    put("f32-smax.tif", numpy.abs(f32), photometric="minisblack",
        extratags=[(341, "d", 1, 4095.0, True)])
    put("f32-miniswhite.tif", rng.random((h, w), dtype=numpy.float32),
        photometric="miniswhite")
    put("f64-bigendian.tif", rng.standard_normal((h, w)) * 1e6, photometric="minisblack",
        byteorder=">")
    put("f16.tif", rng.standard_normal((h, w)).astype(numpy.float16),
        photometric="minisblack")
    rgb8 = rng.integers(0, 256, (h, w, 3), dtype=numpy.uint8)
    put("rgb8-separate-lzw.tif", numpy.moveaxis(rgb8, -1, 0), photometric="rgb",
        planarconfig="separate", compression="lzw")
    put("rgb16-tiles.tif", rng.integers(0, 65536, (h, w, 3), dtype=numpy.uint16),
        photometric="rgb", tile=(16, 16))
    put("rgba8-alpha.tif", rng.integers(0, 256, (h, w, 4), dtype=numpy.uint8),
        photometric="rgb", extrasamples=["unassalpha"])
    colormap = numpy.zeros((3, 256), numpy.uint16)
    colormap[0] = numpy.arange(256) * 257
    colormap[1] = 65535 - numpy.arange(256) * 257
    colormap[2] = (numpy.arange(256) * 97) % 65536
    put("palette8.tif", rng.integers(0, 256, (h, w), dtype=numpy.uint8),
        photometric="palette", colormap=colormap)
    put("palette8-8bit-colormap.tif", rng.integers(0, 256, (h, w), dtype=numpy.uint8),
        photometric="palette", colormap=(colormap // 257).astype(numpy.uint16))
    with tifffile.TiffWriter(os.path.join(SYN_DIR, "multipage-u16.tif")) as tif:
        for page in range(3):
            tif.write(numpy.full((h, w), 1000 * (page + 1), numpy.uint16) + u16 % 100,
                      photometric="minisblack")
    put("rgb8-tiles-separate-deflate.tif", numpy.moveaxis(rgb8, -1, 0), photometric="rgb",
        planarconfig="separate", tile=(16, 16), compression="zlib")
    yy, xx = numpy.mgrid[0:64, 0:64]
    put("u8-jpeg-gray.tif", (xx * 3 + yy).astype(numpy.uint8), photometric="minisblack",
        compression="jpeg")
    smooth = numpy.stack([xx * 4, yy * 4, (xx + yy) * 2], axis=-1).astype(numpy.uint8)
    put("rgb8-jpeg.tif", smooth, photometric="rgb", compression="jpeg")


def deflate_strips_with_zlib(page):
    """Fallback for Deflate strips that carry extra bytes after the zlib stream
    (deflate-last-strip-extra-data.tiff), which imagecodecs' libdeflate refuses: Python's
    zlib decompresses each strip and the output is cut to the strip's size. Only for
    8-bit, one sample, no predictor."""
    import zlib
    assert page.bitspersample == 8 and page.samplesperpixel == 1 and page.predictor == 1
    width, height = page.imagewidth, page.imagelength
    rows = []
    with open(page.parent.filehandle.path, "rb") as f:
        raw = f.read()
    for offset, count in zip(page.dataoffsets, page.databytecounts):
        rows.append(zlib.decompressobj().decompress(raw[offset:offset + count]))
    data = numpy.frombuffer(b"".join(rows)[: width * height], numpy.uint8)
    return data.reshape(height, width)


def expected_raster(page):
    """The Float32 gray raster Densito must produce for a tifffile page, and its maxValue."""
    try:
        data = page.asarray()
    except imagecodecs.DeflateError:
        data = deflate_strips_with_zlib(page)
    bits = page.bitspersample
    spp = page.samplesperpixel
    photometric = int(page.photometric)
    if spp > 1 and int(page.planarconfig) == 2:
        data = numpy.moveaxis(data, 0, -1)
    if data.ndim == 3 and data.shape[-1] != spp:
        raise ValueError(f"unexpected shape {data.shape}")
    kind = data.dtype.kind
    if photometric == 3:  # palette
        cmap = page.colormap.astype(numpy.int64)
        eight_bit = bool((cmap < 256).all())
        table = (cmap[0].astype(F32) + cmap[1].astype(F32) + cmap[2].astype(F32)) / F32(3)
        return table[data.astype(numpy.int64)].astype(F32), (255.0 if eight_bit else 65535.0)
    if kind == "b":
        data = data.astype(numpy.uint8)
    if kind in "ub":
        if bits < 8:
            values = data.astype(F32) * F32(255 // ((1 << bits) - 1))
            top = 255.0
        else:
            values = data.astype(F32)
            top = float(2 ** bits - 1)
    elif kind == "i":
        unsigned = data.astype(numpy.int64) + 2 ** (bits - 1)
        values = unsigned.astype(F32)
        top = float(2 ** bits - 1)
    elif kind == "f":
        values = data.astype(F32)
        smax = page.tags.get(341)
        top = float(smax.value if not isinstance(smax.value, tuple) else smax.value[0]) \
            if smax is not None else 1.0
    else:
        raise ValueError(f"unexpected dtype {data.dtype}")
    if photometric in (2, 6) and values.ndim == 3:  # RGB (tifffile gives JPEG YCbCr as RGB)
        values = (values[..., 0] + values[..., 1] + values[..., 2]) / F32(3)
    elif values.ndim == 3:
        values = values[..., 0]
    if photometric == 0:  # MinIsWhite
        values = F32(top) - values
    return values.astype(F32), top


def ifd_chain_length(path):
    """Directories in the main IFD chain, stopping at the first repeated offset (a loop).
    Walked here directly from the header: tifffile counts IFD loops differently
    (test_ifd_loop_subifd.tif: 4 pages, while its chain holds 5 distinct IFDs)."""
    import struct
    with open(path, "rb") as f:
        raw = f.read()
    order = "<" if raw[:2] == b"II" else ">"
    big = struct.unpack(order + "H", raw[2:4])[0] == 43
    offset = struct.unpack(order + ("Q" if big else "I"), raw[8:16] if big else raw[4:8])[0]
    seen = set()
    while offset and offset not in seen and offset < len(raw):
        seen.add(offset)
        if big:
            count = struct.unpack(order + "Q", raw[offset:offset + 8])[0]
            at = offset + 8 + 20 * count
            offset = struct.unpack(order + "Q", raw[at:at + 8])[0]
        else:
            count = struct.unpack(order + "H", raw[offset:offset + 2])[0]
            at = offset + 2 + 12 * count
            offset = struct.unpack(order + "I", raw[at:at + 4])[0]
    return len(seen)


def describe(path, name):
    entry = {"file": name}
    if os.path.basename(path) in UNSUPPORTED:
        entry["unsupported"] = UNSUPPORTED[os.path.basename(path)]
        return entry
    pages = []
    with tifffile.TiffFile(path) as tif:
        count = len(tif.pages)
        for index in range(count):
            page = tif.pages[index]
            values, top = expected_raster(page)
            lossy = int(page.compression) == 7
            item = {
                "page": index,
                "width": int(page.imagewidth),
                "height": int(page.imagelength),
                "bitDepth": int(page.bitspersample),
                "maxValue": top if not lossy else 255.0,
                "lossy": lossy,
                "mean": float(values.astype(numpy.float64).mean()),
            }
            if not lossy:
                item["min"] = float(values.min())
                item["max"] = float(values.max())
                item["sha256"] = hashlib.sha256(values.astype("<f4").tobytes()).hexdigest()
            pages.append(item)
    entry["pageCount"] = ifd_chain_length(path)
    entry["tifffilePageCount"] = count
    entry["pages"] = pages
    return entry


def encoder_golden():
    """What tifffile reads from the files Densito's TIFFEncoder wrote (recorded by the Swift
    spec TIFFEncoderGoldenSpec into TestImages/tiff/encoder/), and whether the values are the
    spec's formula after the layout's rules: float32 exactly; uint16 rounded half away
    from zero and clamped to 0...65535."""
    index = numpy.arange(35, dtype=F32).reshape(5, 7)
    values = index * F32(2049.75) - F32(1000.5)  # float32 arithmetic, as in Swift
    v64 = values.astype(numpy.float64)
    rounded = numpy.clip(numpy.sign(v64) * numpy.floor(numpy.abs(v64) + 0.5), 0, 65535)
    entries = []
    for path in sorted(glob.glob(os.path.join(OUT_DIR, "encoder", "*.tif"))):
        with tifffile.TiffFile(path) as tif:
            page = tif.pages[0]
            data = page.asarray()
            resolution = page.tags["XResolution"].value
            unit = int(page.tags["ResolutionUnit"].value)
        expected = values if data.dtype == numpy.float32 else rounded
        matches = bool(numpy.array_equal(data.astype(numpy.float64), expected.astype(numpy.float64)))
        matches = matches and unit == 2 and resolution[0] / resolution[1] == 300
        entries.append({
            "file": "encoder/" + os.path.basename(path),
            "dtype": str(data.dtype),
            "compression": int(page.compression),
            "sha256": hashlib.sha256(data.astype("<f4").tobytes()).hexdigest(),
            "matchesFormula": matches,
        })
        if not matches:
            print(f"tifffile reads {path} differently from the formula", file=sys.stderr)
    return entries


def main():
    write_synthetic()
    files = []
    for path in sorted(glob.glob(os.path.join(SYN_DIR, "*.tif"))):
        files.append(describe(path, "synthetic/" + os.path.basename(path)))
    if os.path.isdir(SHARED):
        for path in sorted(glob.glob(os.path.join(SHARED, "conformance", "tiff", "*"))):
            files.append(describe(path, "conformance/tiff/" + os.path.basename(path)))
        for path in sorted(glob.glob(os.path.join(SHARED, "realscans", "*.tif"))):
            files.append(describe(path, "realscans/" + os.path.basename(path)))
    reference = {
        "generator": "scripts/reference/tiff-reference.py",
        "command": "python3 scripts/reference/tiff-reference.py",
        "tools": {
            "python": sys.version.split()[0],
            "tifffile": tifffile.__version__,
            "imagecodecs": imagecodecs.__version__,
            "numpy": numpy.__version__,
        },
        "paths": "synthetic/ is TestImages/tiff/synthetic; conformance/ and realscans/ are"
        " relative to ../shared",
        "jpegMeanTolerance": 1.0,
        "files": files,
        "encoderGolden": encoder_golden(),
    }
    with open(os.path.join(OUT_DIR, "tiff-reference.json"), "w") as out:
        json.dump(reference, out, indent=1)
        out.write("\n")
    print(f"wrote {len(files)} entries")


if __name__ == "__main__":
    main()
