#!/usr/bin/env python3
"""Measures the lane extents of gelblotanalyzer_TEST_GEL_AK_original.png once, independently
of Densito's lane finder, for Tests/DensitoAnalysisTests/DilutionSeriesSpec.swift.

Method: the band row of the six sample lanes lies at image rows ~415-435 (the darkest row
of every sample lane). Take the mean over rows 405..<445 of (background - value), with the
background the median of rows 113..<811 over the gel's columns (the gel area is
x 99..<1266, y 113..<811; the rest is transparent padding). Smooth the column profile with a
Gaussian of sigma 2 px. Each lane's plateau level is the median of the profile over the
central 50 % of the config's lane pitch around its centre (config lane centres from the
repo's TEST_GEL_AK_config.txt, quoted in PROVENANCE.md). The lane's edges are the outermost
half-plateau crossings on either side of the centre, searched within +-0.6 pitch (linear
interpolation). The edge softness sigma comes from the 25 % -> 75 % rise of each edge
(1.349 sigma for an erf edge). Integration columns: the half-level edges widened by 3 edge
sigma (the rule Densito's lane layout uses for found lanes; one sigma for all lanes, the
median over the 16 edges), never past the midpoint of the gap to a neighbouring lane, rounded
inwards to whole columns x0..<x1.

Run: python3 scripts/reference/bands-dilution-lanes.py /work/shared/realscans
Tools: Python 3.11, numpy, pypng (pip list for versions).
"""
import sys
import numpy as np
import png

folder = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/realscans"
r = png.Reader(f"{folder}/gelblotanalyzer_TEST_GEL_AK_original.png")
w, h, rows, info = r.asDirect()
a = np.array([np.array(x, dtype=np.uint16) for x in rows]).reshape(h, w, info["planes"])
g = a[:, :, 0].astype(float)
background = np.median(g[113:811, 99:1266])
profile = (background - g[405:445, :]).mean(axis=0)
k = np.exp(-np.arange(-6, 7) ** 2 / (2 * 2.0 ** 2))
k /= k.sum()
s = np.convolve(profile, k, mode="same")
centres = [175, 299.5, 437.5, 586, 737, 887.5, 1039.5, 1192]
pitch = np.median(np.diff(centres))
print(f"background {background:.0f}, pitch {pitch:.1f}")
edges = []
for c in centres:
    ci = int(round(c))
    half_window = int(0.25 * pitch)
    plateau = np.median(s[ci - half_window:ci + half_window + 1])
    half = plateau / 2
    lo = int(round(c - 0.6 * pitch))
    hi = int(round(c + 0.6 * pitch))
    # Outermost crossings: walk inwards from the search limits.
    left = None
    for x in range(lo, ci):
        if s[x] < half <= s[x + 1]:
            left = x + (half - s[x]) / (s[x + 1] - s[x])
            break
    right = None
    for x in range(hi, ci, -1):
        if s[x] < half <= s[x - 1]:
            right = x - (half - s[x]) / (s[x - 1] - s[x])
            break
    # Edge softness: for an erf edge the 25 % -> 75 % rise spans 1.349 sigma.
    def crossing(level, start, stop, step):
        for x in range(start, stop, step):
            if (s[x] - level) * (s[x + step] - level) <= 0 and s[x] != s[x + step]:
                return x + step * (level - s[x]) / (s[x + step] - s[x])
        return None
    l25 = crossing(0.25 * plateau, lo, ci, 1)
    l75 = crossing(0.75 * plateau, lo, ci, 1)
    r25 = crossing(0.25 * plateau, hi, ci, -1)
    r75 = crossing(0.75 * plateau, hi, ci, -1)
    sig_l = abs(l75 - l25) / 1.349
    sig_r = abs(r25 - r75) / 1.349
    x0 = int(np.floor(left))
    x1 = int(np.ceil(right)) + 1
    edges.append((left, right, sig_l, sig_r))
    print(f"centre {c:7.1f}: plateau {plateau:7.0f}, half-level edges {left:7.2f} {right:7.2f}"
          f" -> x0 {x0}, x1 {x1} (width {x1 - x0}); edge sigma left {sig_l:.1f}, right {sig_r:.1f}")
# Integration columns: the half-level edges widened by 3 edge sigma (the lane finder's rule,
# 99.9 % of an erf edge inside), never past the midpoint of the gap to a neighbour. A single
# edge sigma, the median over all 16 edges: single edges are unreliable where a lane's band
# row is not flat (a dip inside the lane crosses the 25 % / 75 % levels first).
sigma = float(np.median([e[2] for e in edges] + [e[3] for e in edges]))
print(f"median edge sigma {sigma:.2f} px; integration columns x0..<x1:")
for i, (left, right, sig_l, sig_r) in enumerate(edges):
    lo_lim = (edges[i - 1][1] + left) / 2 if i > 0 else -1e9
    hi_lim = (right + edges[i + 1][0]) / 2 if i + 1 < len(edges) else 1e9
    a = max(left - 3 * sigma, lo_lim)
    b = min(right + 3 * sigma, hi_lim)
    print(f"  lane {i + 1}: x0 {int(np.ceil(a))}, x1 {int(np.floor(b)) + 1}")
