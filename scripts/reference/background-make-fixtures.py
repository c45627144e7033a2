#!/usr/bin/env python3
"""Builds the background-subtraction fixtures in TestImages/background/ from ImageJ 1.53t.

Inputs are small deterministic 8- and 16-bit images (synthetic blots made here with a seeded
numpy generator, and a crop of a real scan from ../shared/realscans). ImageJ opens each one,
converts it to 32-bit and runs Process > Subtract Background (macro
imagej-subtract-background.ijm); its output is stored as raw little-endian Float32.

  python3 scripts/reference/background-make-fixtures.py            # committed fixtures
  python3 scripts/reference/background-make-fixtures.py --full DIR  # every radius x option
                                                                    # combination, into DIR

Files written (in TestImages/background/ or DIR):
  <input>.f32            the input samples (exact integers, as Float32)
  <case>.f32             ImageJ's result
  fixtures.json          the manifest: size, options, radius, tool, version, command
Tools: ImageJ 1.53t (Debian package imagej), Python 3.11, numpy, tifffile.
"""
import json, os, subprocess, sys, tempfile
import numpy as np
import tifffile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MACRO = os.path.join(ROOT, "scripts", "reference", "imagej-subtract-background.ijm")
# The shared data folder sits beside the package (../shared); worktrees may use /work/shared.
SHARED = next((d for d in [os.path.join(ROOT, "..", "shared"), "/work/shared"]
               if os.path.isdir(d)), os.path.join(ROOT, "..", "shared"))
REAL = os.path.join(SHARED, "realscans", "biorad1sc_test4_imglab_analysis.tif")


def synthetic_blot(width, height, seed, bits, light):
    """Bands (Gaussian in y, flat-topped in x) on a sloped, curved background plus noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    top = 255.0 if bits == 8 else 65535.0
    bg = 0.10 * top + 0.08 * top * x / width + 0.05 * top * ((y - height / 2) / height) ** 2
    signal = np.zeros_like(bg)
    lanes = max(2, width // 24)
    for lane in range(lanes):
        cx = (lane + 0.5) * width / lanes
        half = 0.35 * width / lanes
        for k, cy in enumerate((0.3 * height, 0.62 * height)):
            amp = top * (0.15 + 0.5 * rng.random())
            sy = 1.5 + 2.5 * rng.random() + k
            edge = 1.0 / (1.0 + np.exp((np.abs(x - cx) - half) / 1.2))
            signal += amp * edge * np.exp(-0.5 * ((y - cy) / sy) ** 2)
    img = bg + signal
    img += rng.normal(0.0, 0.01 * top, img.shape)
    # A few hot pixels and one dust speck: real scans have them.
    for _ in range(6):
        img[rng.integers(height), rng.integers(width)] = top * 0.9
    if light:
        img = top - img
    img = np.clip(np.rint(img), 0, top)
    return img.astype(np.uint8 if bits == 8 else np.uint16)


def real_crop(width, height):
    if not os.path.exists(REAL):
        sys.exit("missing " + REAL)
    a = tifffile.imread(REAL)
    # A region holding bands and background (rows/columns chosen by eye).
    return np.ascontiguousarray(a[200:200 + height, 150:150 + width])


ALL_OPTIONS = ["create", "light create", "sliding create", "sliding light create",
               "disable create", "sliding disable create", "", "light", "sliding",
               "sliding light", "disable", "light sliding disable"]
ALL_RADII = [5, 12, 25, 50, 100, 200]


def committed_cases():
    """(input name, radius, options) kept in git: small, but covering every path."""
    cases = []
    for r in ALL_RADII:
        for o in ["create", "light create", "sliding create", "sliding light create",
                  "disable create", "sliding disable create"]:
            cases.append(("synth8", r, o))
    for r in [5, 25, 100]:
        for o in ["light", "light sliding", "", "light sliding disable"]:
            cases.append(("synth16light", r, o))
    for r in [12, 50]:
        for o in ["create", "sliding create", "light create"]:
            cases.append(("real16", r, o))
    for o in ["create", "sliding create"]:
        cases.append(("large16", 200, o))
    return cases


def full_cases():
    return [(name, r, o) for name in ["synth8", "synth16light", "real16"]
            for r in ALL_RADII for o in ALL_OPTIONS] + \
           [("large16", r, o) for r in [100, 200] for o in ALL_OPTIONS]


def inputs():
    return {
        "synth8": (synthetic_blot(96, 72, 1, 8, False), "synthetic 8-bit blot, dark background, seed 1"),
        "synth16light": (synthetic_blot(96, 72, 2, 16, True), "synthetic 16-bit blot, light background, seed 2"),
        "real16": (real_crop(128, 96), "crop [200:296, 150:278] of realscans/biorad1sc_test4_imglab_analysis.tif (MIT, see ../shared/realscans/PROVENANCE.md)"),
        "large16": (synthetic_blot(320, 240, 3, 16, False), "synthetic 16-bit blot, dark background, seed 3"),
    }


def main():
    out_dir = os.path.join(ROOT, "TestImages", "background")
    cases = committed_cases()
    if len(sys.argv) >= 3 and sys.argv[1] == "--full":
        out_dir = os.path.abspath(sys.argv[2])
        cases = full_cases()
    os.makedirs(out_dir, exist_ok=True)
    imgs = inputs()
    manifest = {"tool": None, "inputs": {}, "cases": []}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (img, desc) in imgs.items():
            tif = os.path.join(tmp, name + ".tif")
            tifffile.imwrite(tif, img)
            img.astype("<f4").tofile(os.path.join(out_dir, name + ".f32"))
            manifest["inputs"][name] = {"file": name + ".f32", "width": img.shape[1],
                                        "height": img.shape[0], "bits": img.dtype.itemsize * 8,
                                        "description": desc}
        jobs = []
        for name, r, o in cases:
            opts = ("rolling=%d %s" % (r, o)).strip()
            case = "%s-r%d-%s" % (name, r, o.replace(" ", "-") or "plain")
            raw = os.path.join(tmp, case + ".raw")
            jobs.append("%s|%s|%s" % (os.path.join(tmp, name + ".tif"), opts, raw))
            manifest["cases"].append({"input": name, "file": case + ".f32", "radius": r,
                                      "options": opts,
                                      "command": 'run("32-bit"); run("Subtract Background...", "%s");' % opts})
        jobs_path = os.path.join(tmp, "jobs.txt")
        with open(jobs_path, "w") as f:
            f.write("\n".join(jobs) + "\n")
        proc = subprocess.run(["timeout", "1200", "xvfb-run", "-a", "java", "-Xmx2g", "-cp",
                               "/usr/share/java/ij.jar", "ij.ImageJ", "-batch", MACRO, jobs_path],
                              capture_output=True, text=True)
        if "DENSITO-MACRO-DONE" not in proc.stdout:
            sys.exit("ImageJ failed:\n" + proc.stdout + proc.stderr)
        version = [l for l in proc.stdout.splitlines() if l.startswith("ImageJ ")][0]
        manifest["tool"] = version + " (Debian package imagej), headless via xvfb-run; " \
            "macro scripts/reference/imagej-subtract-background.ijm; results saved with " \
            "saveAs(\"Raw Data\") (big-endian Float32), converted to little-endian here"
        for c in manifest["cases"]:
            inp = manifest["inputs"][c["input"]]
            raw = np.fromfile(os.path.join(tmp, c["file"][:-4] + ".raw"), dtype=">f4")
            assert raw.size == inp["width"] * inp["height"], c
            raw.astype("<f4").tofile(os.path.join(out_dir, c["file"]))
    with open(os.path.join(out_dir, "fixtures.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("wrote %d cases to %s" % (len(cases), out_dir))


if __name__ == "__main__":
    main()
