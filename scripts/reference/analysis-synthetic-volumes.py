#!/usr/bin/env python3
"""Independent re-computation (numpy + scipy.special.erf) of the noise-free synthetic-blot
model of Docs/synthetic-blots.md for one fixed specification, used by
Tests/DensitoAnalysisTests/SyntheticBlotSpec.swift (`truthMatchesIndependentRendering`).
Run: python3 analysis-synthetic-volumes.py   (numpy 2.4.6, scipy 1.17.1)"""
import numpy as np
from scipy.special import erf

W, H = 160, 120
rot, smile, soft, level = 3.0, 4.0, 1.5, 100.0
lanes = [(50.0, 30.0, [(40.0, 2e5, 3.0), (80.0, 1e5, 4.0)]),
         (110.0, 34.0, [(60.0, 3e5, 2.5)])]
th = np.deg2rad(rot)
cx, cy = (W - 1) / 2, (H - 1) / 2
y, x = np.mgrid[0:H, 0:W].astype(float)
u = cx + np.cos(th) * (x - cx) + np.sin(th) * (y - cy)
v = cy - np.sin(th) * (x - cx) + np.cos(th) * (y - cy)
E = np.full((H, W), level)
vols = []
for (c, w, bands) in lanes:
    x0, x1 = c - w / 2, c + w / 2
    h = 0.5 * (erf((u - x0) / (soft * np.sqrt(2))) - erf((u - x1) / (soft * np.sqrt(2))))
    s = smile * ((u - W / 2) / (W / 2)) ** 2
    for (yb, amount, sig) in bands:
        A = amount / (sig * np.sqrt(2 * np.pi) * w)
        band = A * h * np.exp(-((v - yb - s) ** 2) / (2 * sig ** 2))
        E += band
        vols.append(band.sum())
print("volumes", [float(f"{b:.10g}") for b in vols])
for (r, col) in [(40, 50), (60, 110), (80, 52), (10, 10)]:
    print("E", r, col, round(float(E[r, col]), 6))
