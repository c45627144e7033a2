#!/usr/bin/env python3
"""Metamorphic probes of Densito's lane and band finder on the real scans.

No ground truth is needed: each transformation below must not change the answer (or must
change it in a known way), so any difference it makes is either a discretisation effect or
a rule that depends on where, not what, the image shows.

Usage (from the package root, after `swift build -c release --product densito`):

    python3 scripts/reference/lanes/metamorphic.py [--densito .build/release/densito]
        [--only SUBSTRING] [--transforms mirror,rot180,...] [--keep DIR] [--json OUT]
        [--warnings]

The real scans are read from <package root>/../shared/realscans or from
$DENSITO_SHARED_DIR/realscans; without them the script prints "skipped" and exits 0.
Transformed copies go to a temporary folder (removed at the end unless --keep); nothing is
ever written into the shared folder.

Tools (as installed when this was written, 2026-11-27): Python 3.11, numpy 2.4.6,
tifffile 2026.3.3, imagecodecs 2026.3.6 (PNG encode/decode, 16-bit exact), Pillow 13.0.0
(JPEG decode: libjpeg-turbo with the same defaults as Densito's libjpeg, checked by the
"identity" row, which must equal the original file's result exactly).

Copies keep the source's bit depth and polarity:
  * TIFF sources are written as uncompressed TIFF with the same PhotometricInterpretation
    (MinIsWhite stays MinIsWhite, so the stored values and their meaning are unchanged);
  * PNG and JPEG sources are written as PNG (8-bit, or 16-bit for gelblotanalyzer). The
    alpha channel is dropped (Densito ignores alpha; gelblotanalyzer's is 0 outside the
    gel); RGB whose three channels are equal everywhere is written as gray (exact under
    Densito's default `mean` conversion, (R+G+B)/3); other RGB is kept RGB so that Densito
    converts it itself.
  * The "identity" copy goes through the same path; every transform is compared with it.

Transforms (x = lane centre column, pixel-index convention: column i has centre x = i):
  mirror   left-right             x_orig = W - 1 - x
  rot180   rotated by 180 deg     x_orig = W - 1 - x (rows reversed too)
  flip     top-bottom             x_orig = x
  crop3    3 % off each side      x_orig = x + round(0.03 W)
  pad3     3 % added on each side with the image's own median (per channel)
                                  x_orig = x - round(0.03 W)
  down2    2x2 block means (odd last row/column dropped; means rounded half up)
                                  x_orig = 2 x + 0.5
  up2      pixel replication 2x   x_orig = (x - 0.5) / 2
  noise    Gaussian noise, sigma = 1 % of the image's value range (max - min), seed 20261127,
           the same noise on every channel; rounded and clipped to the type's range
mirror, rot180, flip and up2 should be invariant up to discretisation; the others are
robustness probes (their changes are measured, not required to be zero).

Comparison with the identity copy:
  * lane count (PROVENANCE.md's expected count in brackets);
  * lanes matched by centre (mapped back to original coordinates) within a quarter of the
    identity's median lane width; "moved" = largest |centre shift| among matched lanes in
    original pixels, plus the number of unmatched lanes on either side;
  * bands (from `densito bands --json`): number of matched lanes whose band count differs;
  * the strongest band of each matched lane: its volume divided by the mean of those
    volumes over the matched lanes (relative volume; this cancels the 4x / 0.25x volume
    scale of up2 / down2); worst |relative change| over the lanes.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import imagecodecs
import numpy as np
import tifffile
from PIL import Image

SEED = 20261127

# Lane images and PROVENANCE.md's counts (as scripts/reference/lanes/realscan_counts.sh).
SCANS = [
  ("csitron_antiActin_20240710_131425_Ch_Chemi.tif", 8),
  ("biorad1sc_test4_imglab_analysis.tif", 16),
  ("gelblotanalyzer_TEST_GEL_AK_original.png", 8),
  ("wbtool_protein_of_interest.tif", 11),
  ("wbtool_loading_control.jpg", 11),
  ("wbquantifier_test_image.png", 12),
  ("wbquantifier_test_image2.png", 13),
  ("facuperezt_wide_pic_bands.jpeg", 8),
  ("facuperezt_img_2band.jpeg", 3),
  ("facuperezt_img_shadow.jpeg", 3),
  ("wbmage_test1.png", 8),
  ("wbmage_test2.jpg", 6),
  ("wbmage_test3.jpg", 11),
  ("wbmage_test4.jpg", 10),
  ("gelquant_gel-example.png", 15),
  ("gelgenie_ladder_reference_gel.tif", 4),
]

EXACT = ["mirror", "rot180", "flip", "up2"]
TRANSFORMS = ["mirror", "rot180", "flip", "crop3", "pad3", "down2", "up2", "noise"]


# MARK: - Reading and writing

class Source:
  """Decoded pixels (rows x columns [x channels]) and how to write a copy."""

  def __init__(self, pixels, tiff_photometric=None):
    self.pixels = pixels
    self.tiff_photometric = tiff_photometric


def read_source(path):
  name = path.lower()
  if name.endswith((".tif", ".tiff")):
    with tifffile.TiffFile(path) as tif:
      page = tif.pages[0]
      return Source(page.asarray(), tiff_photometric=int(page.photometric))
  if name.endswith(".png"):
    pixels = imagecodecs.png_decode(open(path, "rb").read())
  else:
    pixels = np.asarray(Image.open(path))
  if pixels.ndim == 3 and pixels.shape[2] in (2, 4):
    pixels = pixels[..., :-1]  # Densito ignores alpha (Docs/formats-png-jpeg.md)
  if pixels.ndim == 3 and pixels.shape[2] == 3:
    if (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all():
      pixels = pixels[..., 0]
  if pixels.ndim == 3 and pixels.shape[2] == 1:
    pixels = pixels[..., 0]
  return Source(np.ascontiguousarray(pixels))


def write_copy(source, pixels, path_stem):
  pixels = np.ascontiguousarray(pixels)
  if source.tiff_photometric is not None:
    photometric = {0: "miniswhite", 1: "minisblack", 2: "rgb"}[source.tiff_photometric]
    path = path_stem + ".tif"
    tifffile.imwrite(path, pixels, photometric=photometric)
  else:
    path = path_stem + ".png"
    with open(path, "wb") as f:
      f.write(imagecodecs.png_encode(pixels))
  return path


# MARK: - Transforms

def median_fill(pixels):
  if pixels.ndim == 2:
    return np.median(pixels)
  return np.median(pixels.reshape(-1, pixels.shape[2]), axis=0)


def transform(name, pixels, rng):
  """Returns (transformed pixels, x -> original x, y -> original y)."""
  h, w = pixels.shape[:2]
  if name == "identity":
    return pixels, (lambda x: x), (lambda y: y)
  if name == "mirror":
    return pixels[:, ::-1], (lambda x: w - 1 - x), (lambda y: y)
  if name == "rot180":
    return pixels[::-1, ::-1], (lambda x: w - 1 - x), (lambda y: h - 1 - y)
  if name == "flip":
    return pixels[::-1], (lambda x: x), (lambda y: h - 1 - y)
  if name == "crop3":
    cx, cy = round(0.03 * w), round(0.03 * h)
    return pixels[cy:h - cy, cx:w - cx], (lambda x: x + cx), (lambda y: y + cy)
  if name == "pad3":
    cx, cy = round(0.03 * w), round(0.03 * h)
    shape = (h + 2 * cy, w + 2 * cx) + pixels.shape[2:]
    out = np.empty(shape, dtype=pixels.dtype)
    out[...] = np.round(median_fill(pixels)).astype(pixels.dtype)
    out[cy:cy + h, cx:cx + w] = pixels
    return out, (lambda x: x - cx), (lambda y: y - cy)
  if name == "down2":
    h2, w2 = h // 2, w // 2
    p = pixels[:2 * h2, :2 * w2].astype(np.float64)
    blocks = p.reshape((h2, 2, w2, 2) + p.shape[2:]).mean(axis=(1, 3))
    out = np.floor(blocks + 0.5).astype(pixels.dtype)
    return out, (lambda x: 2 * x + 0.5), (lambda y: 2 * y + 0.5)
  if name == "up2":
    out = np.repeat(np.repeat(pixels, 2, axis=0), 2, axis=1)
    return out, (lambda x: (x - 0.5) / 2), (lambda y: (y - 0.5) / 2)
  if name == "noise":
    top = np.iinfo(pixels.dtype).max
    sigma = 0.01 * (float(pixels.max()) - float(pixels.min()))
    noise = rng.normal(0.0, sigma, size=(h, w))
    if pixels.ndim == 3:
      noise = noise[..., None]
    out = np.clip(np.round(pixels.astype(np.float64) + noise), 0, top).astype(pixels.dtype)
    return out, (lambda x: x), (lambda y: y)
  raise ValueError(name)


# MARK: - Running densito

def run_json(densito, command, path):
  out = subprocess.run(
    [densito, command, path, "--json"], capture_output=True, text=True, timeout=300)
  if out.returncode != 0:
    return {"error": out.stderr.strip() or f"exit {out.returncode}"}
  return json.loads(out.stdout)


def analyse(densito, path):
  lanes = run_json(densito, "lanes", path)
  bands = run_json(densito, "bands", path)
  if "error" in lanes or "error" in bands:
    return {"error": lanes.get("error") or bands.get("error")}
  return {
    "x": [lane["x"] for lane in lanes["lanes"]],
    "width": [lane["width"] for lane in lanes["lanes"]],
    "warnings": lanes.get("warnings", []),
    "bands_x": [lane["x"] for lane in bands["lanes"]],
    "bands": [[(b["y"], b["volume"]) for b in lane["bands"]] for lane in bands["lanes"]],
  }


# MARK: - Comparison

def match_lanes(base_x, other_x, tolerance):
  """Greedy nearest matching: pairs (i in base, j in other) closer than `tolerance`."""
  pairs = sorted(
    (abs(bx - ox), i, j) for i, bx in enumerate(base_x) for j, ox in enumerate(other_x))
  used_b, used_o, matched = set(), set(), []
  for d, i, j in pairs:
    if d >= tolerance or i in used_b or j in used_o:
      continue
    used_b.add(i)
    used_o.add(j)
    matched.append((i, j))
  return sorted(matched)


def strongest_volumes(bands, lanes):
  return [max(v for _, v in bands[i]) for i in lanes]


def compare(base, other, map_x):
  """The figures of one table row (other mapped back into base coordinates)."""
  width = float(np.median(base["width"])) if base["width"] else 1.0
  mapped = [map_x(x) for x in other["x"]]
  matched = match_lanes(base["x"], mapped, width / 4)
  moved = max((abs(base["x"][i] - mapped[j]) for i, j in matched), default=0.0)
  unmatched = (len(base["x"]) - len(matched), len(mapped) - len(matched))
  # `bands` lists the same lanes as `lanes` (checked); match through the lanes' indices.
  band_changes = [
    (i, len(base["bands"][i]), len(other["bands"][j]))
    for i, j in matched if len(base["bands"][i]) != len(other["bands"][j])]
  both = [(i, j) for i, j in matched if base["bands"][i] and other["bands"][j]]
  worst = None
  if len(both) >= 2:
    vb = strongest_volumes(base["bands"], [i for i, _ in both])
    vo = strongest_volumes(other["bands"], [j for _, j in both])
    rb = np.array(vb) / np.mean(vb)
    ro = np.array(vo) / np.mean(vo)
    worst = float(np.max(np.abs(ro / rb - 1)))
  only_base, only_other = warning_differences(base["warnings"], other["warnings"])
  return {
    "count": len(other["x"]), "moved": moved, "unmatched": unmatched,
    "band_changes": band_changes, "worst_rel_volume": worst,
    "warnings_only_base": only_base, "warnings_only_other": only_other,
  }


NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def warning_differences(base, other):
  """Which rules fired on one side only. A warning's rule is its text with every number
  replaced by #: positions in warnings are in the analysed region's coordinates and the
  scale transforms change widths and σ counts, so only the rule (and how often it fired)
  is compared. Returns the warnings of each side whose rule is missing on the other."""
  def rule(text):
    return NUMBER.sub("#", text)

  left = [rule(w) for w in base]
  right = [rule(w) for w in other]
  only_left = [w for w, r in zip(base, left) if left.count(r) > right.count(r)]
  only_right = [w for w, r in zip(other, right) if right.count(r) > left.count(r)]
  return only_left, only_right


def print_markdown(results, transforms):
  """Lanes: found count (identity's) and largest centre shift; bands: lanes whose band count
  changed and the worst relative-volume change, per scan and transform."""
  def short(name):
    return name.rsplit(".", 1)[0].replace("_imglab_analysis", "").replace(
      "_antiActin_20240710_131425_Ch_Chemi", "").replace("_TEST_GEL_AK_original", "")

  head = "| scan | identity (expected) | " + " | ".join(transforms) + " |"
  rule = "|---|---|" + "---|" * len(transforms)

  def table(header, first, cell):
    """One markdown table: a row per scan, `first(r)` then `cell(row)` per transform."""
    print(header)
    print(rule)
    for name, r in results.items():
      cells = [cell(r[t]) if "count" in r.get(t, {}) else "error" for t in transforms]
      print(f"| {short(name)} | {first(r)} | " + " | ".join(cells) + " |")

  def lane_cell(row):
    mark = "" if tuple(row["unmatched"]) == (0, 0) else " n≠"
    return f"{row['count']} · {row['moved']:.2f}{mark}"

  def band_cell(row):
    vol = "–" if row["worst_rel_volume"] is None else f"{100 * row['worst_rel_volume']:.1f} %"
    return f"{len(row['band_changes'])} · {vol}"

  print("\nLanes found; largest centre shift in original pixels (`n≠` marks unmatched lanes):\n")
  table(head, lambda r: f"{len(r['identity']['x'])} ({r['expected']})", lane_cell)
  print("\nBands: matched lanes whose band count changed · worst change of a strongest band's "
        "volume\nrelative to the mean of those volumes:\n")
  table(head.replace("identity (expected)", "identity"),
        lambda r: f"{sum(len(b) for b in r['identity']['bands'])} bands", band_cell)


def shared_folder():
  root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
  for candidate in (
    os.path.join(root, "..", "shared", "realscans"),
    os.path.join(os.environ.get("DENSITO_SHARED_DIR", "/nonexistent"), "realscans"),
  ):
    if os.path.isdir(candidate):
      return os.path.abspath(candidate)
  return None


def main():
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("--densito", default=".build/release/densito")
  parser.add_argument("--only", default=None, help="scan names containing this text")
  parser.add_argument("--transforms", default=",".join(TRANSFORMS))
  parser.add_argument("--keep", default=None, help="keep the copies in this folder")
  parser.add_argument("--json", default=None, help="write every figure to this file")
  parser.add_argument("--markdown", action="store_true",
                      help="also print the results as two Markdown tables (lanes, bands)")
  parser.add_argument("--warnings", action="store_true",
                      help="print the warnings that differ for the invariant transforms")
  args = parser.parse_args()

  folder = shared_folder()
  if folder is None:
    print("no ../shared/realscans and no $DENSITO_SHARED_DIR/realscans: skipped")
    return 0
  densito = os.path.abspath(args.densito)
  transforms = [t for t in args.transforms.split(",") if t]
  work = args.keep or tempfile.mkdtemp(prefix="densito-metamorphic-")
  os.makedirs(work, exist_ok=True)
  start = time.time()
  results = {}
  header = (f"{'scan':<32} {'transform':<9} {'lanes':>9} {'moved px':>9} {'unmatched':>9}"
            f" {'band n chg':>10} {'worst rel vol':>13}")
  print(header)
  print("-" * len(header))
  try:
    for name, expected in SCANS:
      if args.only and args.only not in name:
        continue
      short = name.rsplit(".", 1)[0][:32]
      source = read_source(os.path.join(folder, name))
      original = analyse(densito, os.path.join(folder, name))
      rng = np.random.default_rng(SEED)
      pixels, _, _ = transform("identity", source.pixels, rng)
      base = analyse(densito, write_copy(source, pixels, os.path.join(work, short + "-identity")))
      same = (original.get("x") == base.get("x") and original.get("bands") == base.get("bands"))
      print(f"{short:<32} {'identity':<9} {len(base['x']):>4} ({expected:>2})"
            f" {'':>9} {'':>9} {'':>10} {'':>13}"
            f"  {'= original' if same else 'DIFFERS FROM ORIGINAL'}")
      assert base["x"] == base["bands_x"], "lanes and bands found different lanes"
      results[name] = {"expected": expected, "identity": base, "identity_equals_original": same}
      for t in transforms:
        pixels, map_x, _ = transform(t, source.pixels, rng)
        path = write_copy(source, pixels, os.path.join(work, f"{short}-{t}"))
        other = analyse(densito, path)
        if "error" in other:
          print(f"{short:<32} {t:<9} error: {other['error']}")
          results[name][t] = other
          continue
        row = compare(base, other, map_x)
        results[name][t] = row
        vol = "-" if row["worst_rel_volume"] is None else f"{100 * row['worst_rel_volume']:.2f} %"
        changes = len(row["band_changes"])
        flag = ""
        if t in EXACT and (row["count"] != len(base["x"]) or row["unmatched"] != (0, 0)
                           or changes):
          flag = "  <- not invariant"
        print(f"{short:<32} {t:<9} {row['count']:>4} ({len(base['x']):>2})"
              f" {row['moved']:>9.2f} {row['unmatched'][0]:>4}/{row['unmatched'][1]:<4}"
              f" {changes:>10} {vol:>13}{flag}")
        if args.warnings and t in EXACT and (row["warnings_only_base"]
                                              or row["warnings_only_other"]):
          for w in row["warnings_only_base"]:
            print(f"    identity only: {w}")
          for w in row["warnings_only_other"]:
            print(f"    {t} only: {w}")
  finally:
    if not args.keep:
      shutil.rmtree(work, ignore_errors=True)
  print(f"\n{time.time() - start:.0f} s; lanes: found (identity's count); moved: largest centre "
        "shift of matched lanes, original px; unmatched: identity/transformed lanes without "
        "a partner within 1/4 median lane width; band n chg: matched lanes whose band count "
        "differs; worst rel vol: largest change of a strongest band's volume / mean.")
  if args.markdown:
    print_markdown(results, transforms)
  if args.json:
    with open(args.json, "w") as f:
      json.dump(results, f, indent=1, default=float)
  return 0


if __name__ == "__main__":
  sys.exit(main())
