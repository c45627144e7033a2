#!/usr/bin/env python3
"""Checks that two `densito analyze` output folders hold the same results.

Usage: compare_outputs.py BEFORE_DIR AFTER_DIR

Every file but the PNGs and report.html must be byte-identical. PNGs must decode (Pillow)
to identical pixels, size and mode (their compressed bytes may differ with the zlib level).
report.html must be identical once each embedded `data:image/png;base64,...` picture is
replaced by its decoded pixels. Exit status 0 when everything matches, 1 otherwise.
"""
import base64
import hashlib
import io
import os
import re
import sys

from PIL import Image


def pixels(png_bytes):
    im = Image.open(io.BytesIO(png_bytes))
    im.load()
    return (im.mode, im.size, hashlib.sha256(im.tobytes()).hexdigest())


def html_key(text):
    pics = []

    def sub(m):
        pics.append(pixels(base64.b64decode(m.group(1))))
        return "data:image/png;base64,<picture %d>" % (len(pics) - 1)

    return re.sub(r"data:image/png;base64,([A-Za-z0-9+/=]+)", sub, text), pics


def main(a, b):
    names_a, names_b = sorted(os.listdir(a)), sorted(os.listdir(b))
    ok = names_a == names_b
    if not ok:
        print("file lists differ:", set(names_a) ^ set(names_b))
    for name in sorted(set(names_a) & set(names_b)):
        x = open(os.path.join(a, name), "rb").read()
        y = open(os.path.join(b, name), "rb").read()
        if name.endswith(".png"):
            same, how = pixels(x) == pixels(y), "pixels"
        elif name.endswith(".html"):
            same, how = html_key(x.decode()) == html_key(y.decode()), "text + embedded pixels"
        else:
            same, how = x == y, "bytes"
        ok &= same
        print("%-28s %-22s %s (%d -> %d bytes)" % (name, how, "same" if same else "DIFFERENT", len(x), len(y)))
    print("ALL IDENTICAL" if ok else "DIFFERENCES FOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
