#!/usr/bin/env python3
"""Reference fit for Tests/DensitoAnalysisTests/BandSpec.swift (`doubletFitMatchesScipy`):
two Gaussians sharing one width, least squares by scipy.optimize.curve_fit (scipy 1.17.1,
method 'lm'). Data: rows 0..39, f = 100 exp(-(y-15)^2/18) + 60 exp(-(y-24)^2/18)
+ 2 sin(1.3 y). Run: python3 analysis-gaussian-fit.py"""
import numpy as np
from scipy.optimize import curve_fit

y = np.arange(40.0)
f = 100 * np.exp(-(y - 15) ** 2 / 18) + 60 * np.exp(-(y - 24) ** 2 / 18) + 2 * np.sin(1.3 * y)
def model(y, a1, a2, m1, m2, s):
    return a1 * np.exp(-(y - m1) ** 2 / (2 * s * s)) + a2 * np.exp(-(y - m2) ** 2 / (2 * s * s))
p, _ = curve_fit(model, y, f, p0=[90, 50, 14, 25, 2.5], method="lm", xtol=1e-14, ftol=1e-14)
print("params", [float(f"{v:.10g}") for v in p])
res = f - model(y, *p)
print("r2", float(f"{1 - (res**2).sum() / ((f - f.mean())**2).sum():.10g}"))
