#!/usr/bin/env python3
"""Reference values for DensitoStats, from scipy, statsmodels and mpmath.

Writes TestImages/stats/stats-reference.json (inputs and outputs). Rerun from the package root:

    python3 scripts/reference/stats-reference.py

Every random design comes from numpy's default_rng(SEED); inputs are rounded to 6 decimals
before any reference is computed, so the JSON inputs are exactly what was analysed.

Sources of truth:
  - t-tests: scipy.stats.ttest_ind(equal_var=True / False) (+ .confidence_interval(0.95)).
  - two-way ANOVA: statsmodels ols('y ~ C(a, Sum) * C(b, Sum)') + anova_lm(typ=3).
  - follow-up comparisons with the control column within each row ("Sidak" in GraphPad Prism):
    computed here from statsmodels' residual mean square and scipy.stats.t.sf, following
    Prism's documented method (difference of cell means, SE = sqrt(MSres (1/n1 + 1/n2)),
    t on the residual df, Sidak p = 1 - (1 - p)^k).
  - one-way ANOVA: scipy.stats.f_oneway, follow-up as above with the within-groups MS.
  - corrections: statsmodels.stats.multitest.multipletests (holm, fdr_bh, sidak, bonferroni).
  - special functions and distribution tails: scipy.special / scipy.stats, and mpmath at
    60 digits as the exact value (scipy itself is not exact in the far tails).
"""
import json
import math
import sys
import warnings

import mpmath
import numpy as np
import pandas as pd
import scipy
import scipy.special as sc
import scipy.stats as st
import statsmodels
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm
from statsmodels.stats.multitest import multipletests

SEED = 20261126
OUT = "TestImages/stats/stats-reference.json"
mpmath.mp.dps = 60
rng = np.random.default_rng(SEED)
warnings.simplefilter("ignore")


def f(x):
  """A float for JSON; infinities as strings (JSON has none)."""
  x = float(x)
  if math.isinf(x):
    return "inf" if x > 0 else "-inf"
  if math.isnan(x):
    raise ValueError("NaN in reference output")
  return x


def r6(values):
  return [float(v) for v in np.round(np.asarray(values, dtype=float), 6)]


def mp_betainc(a, b, x):
  """(I_x(a,b), 1 - I_x(a,b)) at 60 digits, x taken exactly as the double given.

  Uses I_x(a,b) = x^a (1-x)^b / (a B(a,b)) 2F1(a+b, 1; a+1; x) (all terms positive) on the
  side of the mean where the series converges fast, and 1 - that on the other side.
  """
  a, b, x = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(x)

  def lower(a, b, x):
    pre = mpmath.exp(a * mpmath.log(x) + b * mpmath.log1p(-x) - mpmath.log(a)
                     - mpmath.log(mpmath.beta(a, b)))
    return pre * mpmath.hyp2f1(a + b, 1, a + 1, x, maxterms=10 ** 7)

  if x < (a + 1) / (a + b + 2):
    i = lower(a, b, x)
    return float(i), float(1 - i)
  j = lower(b, a, 1 - x)
  return float(1 - j), float(j)


def mp_t_sf(t, df):
  t, df = mpmath.mpf(t), mpmath.mpf(df)
  x = df / (df + t * t)
  half = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2
  return float(half if t >= 0 else 1 - half)


def mp_f_sf(F, d1, d2):
  F, d1, d2 = mpmath.mpf(F), mpmath.mpf(d1), mpmath.mpf(d2)
  x = d2 / (d2 + d1 * F)
  return float(mpmath.betainc(d2 / 2, d1 / 2, 0, x, regularized=True))


# MARK: special functions ---------------------------------------------------------------------

log_gamma = []
for x in [1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999, 1.0,
          1.000001, 1.01, 1.1, 1.25, 1.5, 1.75, 1.9, 1.99, 1.999999, 2.0, 2.000001, 2.01, 2.1,
          2.5, 3.0, 3.25, 3.5, 4.5, 7.3, 9.99, 10.0, 10.01, 12.5, 33.3, 100.0, 171.5, 1e3,
          12345.678, 1e6, 1e10, 1e15, 1e100, 1e300]:
  log_gamma.append({"x": x, "scipy": f(sc.gammaln(x)), "exact": f(mpmath.loggamma(x))})

betainc = []
params = [1e-3, 0.5, 1.0, 2.5, 10.0, 31.5, 100.0, 1000.0, 1e4]
xs = [1e-300, 1e-20, 0.01, 0.1, 0.5, 0.9, 0.99999, 1 - 1e-12]
for a in params:
  for b in params:
    for x in xs:
      i_exact, j_exact = mp_betainc(a, b, x)
      betainc.append({"a": a, "b": b, "x": x,
                      "scipy": f(sc.betainc(a, b, x)), "scipyComplement": f(sc.betaincc(a, b, x)),
                      "exact": i_exact, "exactComplement": j_exact})
# Points near the continued-fraction switch x = (a+1)/(a+b+2) and random ones.
for _ in range(60):
  a = float(10 ** rng.uniform(-1, 3.5))
  b = float(10 ** rng.uniform(-1, 3.5))
  x = float(np.clip((a + 1) / (a + b + 2) * rng.uniform(0.9, 1.1), 1e-12, 1 - 1e-12))
  i_exact, j_exact = mp_betainc(a, b, x)
  betainc.append({"a": a, "b": b, "x": x,
                  "scipy": f(sc.betainc(a, b, x)), "scipyComplement": f(sc.betaincc(a, b, x)),
                  "exact": i_exact, "exactComplement": j_exact})

t_dist = []
for df in [1.0, 1.5, 2.0, 3.7, 5.0, 10.0, 22.0, 47.3, 100.0, 1e3, 1e5]:
  for t in [-40.0, -3.0, -1.0, -1e-8, 0.0, 1e-3, 0.5, 1.96, 2.5, 4.0, 12.0, 60.0, 1e3, 1e8]:
    t_dist.append({"t": t, "df": df, "sf": f(st.t.sf(t, df)), "cdf": f(st.t.cdf(t, df)),
                   "exactSf": mp_t_sf(t, df), "exactCdf": mp_t_sf(-t, df)})

t_quantile = []
for df in [1.0, 2.0, 3.0, 4.5, 7.0, 10.0, 20.0, 33.3, 100.0, 1e4]:
  for p in [1e-12, 1e-6, 0.0005, 0.005, 0.01, 0.025, 0.05, 0.2, 0.5, 0.8, 0.975, 0.999]:
    t_quantile.append({"p": p, "df": df, "scipy": f(st.t.ppf(p, df))})

f_dist = []
for d1 in [1.0, 2.0, 3.0, 7.5, 10.0, 30.0]:
  for d2 in [1.0, 4.0, 12.0, 40.5, 200.0, 1e4]:
    for F in [0.0, 1e-6, 0.3, 1.0, 2.5, 5.0, 20.0, 300.0, 1e6]:
      f_dist.append({"f": F, "df1": d1, "df2": d2, "sf": f(st.f.sf(F, d1, d2)),
                     "cdf": f(st.f.cdf(F, d1, d2)), "exactSf": mp_f_sf(F, d1, d2)})

# MARK: t-tests ---------------------------------------------------------------------------------

def ttest_case(kind, x1, x2):
  x1, x2 = r6(x1), r6(x2)
  case = {"kind": kind, "group1": x1, "group2": x2}
  for name, equal in [("student", True), ("welch", False)]:
    res = st.ttest_ind(x1, x2, equal_var=equal)
    ci = res.confidence_interval(0.95)
    diff = float(np.mean(x1) - np.mean(x2))
    case[name] = {"t": f(res.statistic), "df": f(res.df), "p": f(res.pvalue),
                  "difference": f(diff), "ciLow": f(ci.low), "ciHigh": f(ci.high),
                  "exactP": 2 * mp_t_sf(abs(float(res.statistic)), float(res.df))}
  return case


ttests = []
for i in range(150):
  n1, n2 = int(rng.integers(2, 13)), int(rng.integers(2, 13))
  m1 = rng.uniform(0.2, 3)
  m2 = m1 * rng.uniform(0.5, 2)
  s1, s2 = m1 * rng.uniform(0.02, 0.5), m2 * rng.uniform(0.02, 0.5)
  ttests.append(ttest_case("random", rng.normal(m1, s1, n1), rng.normal(m2, s2, n2)))
for i in range(15):  # n = 2 in one or both groups
  n2 = int(rng.integers(2, 13))
  ttests.append(ttest_case("n=2", rng.normal(1, 0.2, 2), rng.normal(1.3, 0.3, n2)))
for i in range(10):  # one group with zero variance
  n1, n2 = int(rng.integers(2, 13)), int(rng.integers(2, 13))
  ttests.append(ttest_case("zero variance in group 1", [1.0] * n1, rng.normal(1.5, 0.4, n2)))
for i in range(15):  # huge effects: p far below 1e-10
  n1, n2 = int(rng.integers(4, 13)), int(rng.integers(4, 13))
  ttests.append(ttest_case("huge effect", rng.normal(1, 0.01, n1), rng.normal(2, 0.01, n2)))
for i in range(10):  # tiny effects: p close to 1
  n1, n2 = int(rng.integers(3, 13)), int(rng.integers(3, 13))
  x1 = rng.normal(1, 0.3, n1)
  x2 = rng.normal(0, 0.3, n2)
  x2 = x2 - x2.mean() + x1.mean() + rng.normal(0, 1e-4)
  ttests.append(ttest_case("tiny effect", x1, x2))

# MARK: two-way ANOVA ---------------------------------------------------------------------------

def sidak(p, k):
  return -math.expm1(k * math.log1p(-p)) if p < 1 else 1.0


def followup(means, counts, control, ms, df, k, z):
  """One comparison of a cell with its control cell, Prism's method."""
  diff = means[1] - means[0]
  se = math.sqrt(ms * (1 / counts[0] + 1 / counts[1]))
  t = diff / se
  p = 2 * float(st.t.sf(abs(t), df))
  alpha1 = -math.expm1(math.log1p(-0.05) / k)
  half = float(st.t.ppf(0.975, df)) * se
  halfSim = float(st.t.ppf(1 - alpha1 / 2, df)) * se
  return {"difference": f(diff), "standardError": f(se), "t": f(t), "p": f(p),
          "sidakP": f(sidak(p, k)), "ciLow": f(diff - half), "ciHigh": f(diff + half),
          "simultaneousCILow": f(diff - halfSim), "simultaneousCIHigh": f(diff + halfSim)}


anovas = []
for i in range(50):
  na = int(rng.integers(2, 12))
  nb = int(rng.integers(2, 4))
  balanced = i % 3 == 0
  nrep = int(rng.integers(2, 6))
  cells = []
  for a in range(na):
    row = []
    base = rng.uniform(0.5, 3)
    for b in range(nb):
      n = nrep if balanced else int(rng.integers(2, 7))
      effect = 1 + (0.6 * b * rng.uniform(-1, 1) if i % 5 else 4 * b)
      row.append(r6(rng.normal(base * effect, base * rng.uniform(0.05, 0.3), n)))
    cells.append(row)
  recs = [(a, b, v) for a in range(na) for b in range(nb) for v in cells[a][b]]
  frame = pd.DataFrame(recs, columns=["a", "b", "y"])
  model = smf.ols("y ~ C(a, Sum) * C(b, Sum)", data=frame).fit()
  table = anova_lm(model, typ=3)
  def term(label):
    row = table.loc[label]
    out = {"ss": f(row["sum_sq"]), "df": f(row["df"])}
    if label != "Residual":
      out["f"] = f(row["F"])
      out["p"] = f(row["PR(>F)"])
    return out
  ms = float(table.loc["Residual", "sum_sq"] / table.loc["Residual", "df"])
  dfres = float(table.loc["Residual", "df"])
  comps = []
  for a in range(na):
    for b in range(1, nb):
      means = [float(np.mean(cells[a][0])), float(np.mean(cells[a][b]))]
      counts = [len(cells[a][0]), len(cells[a][b])]
      c = followup(means, counts, 0, ms, dfres, na * (nb - 1), None)
      c["sidakPPerRow"] = followup(means, counts, 0, ms, dfres, nb - 1, None)["sidakP"]
      comps.append(dict(row=a, column=b, **c))
  anovas.append({"balanced": balanced, "cells": cells,
                 "rows": term("C(a, Sum)"), "columns": term("C(b, Sum)"),
                 "interaction": term("C(a, Sum):C(b, Sum)"), "residual": term("Residual"),
                 "comparisons": comps})

# MARK: one-way ANOVA ---------------------------------------------------------------------------

oneways = []
for i in range(30):
  g = int(rng.integers(3, 7))
  groups = [r6(rng.normal(rng.uniform(0.5, 2), rng.uniform(0.05, 0.4), int(rng.integers(2, 9))))
            for _ in range(g)]
  res = st.f_oneway(*groups)
  n = sum(len(x) for x in groups)
  grand = np.mean(np.concatenate(groups))
  ssb = sum(len(x) * (np.mean(x) - grand) ** 2 for x in groups)
  ssw = sum(((np.asarray(x) - np.mean(x)) ** 2).sum() for x in groups)
  ms = ssw / (n - g)
  comps = []
  for j in range(1, g):
    means = [float(np.mean(groups[0])), float(np.mean(groups[j]))]
    counts = [len(groups[0]), len(groups[j])]
    comps.append(dict(group=j, **followup(means, counts, 0, ms, n - g, g - 1, None)))
  oneways.append({"groups": groups, "f": f(res.statistic), "p": f(res.pvalue),
                  "ssBetween": f(ssb), "ssWithin": f(ssw), "dfBetween": g - 1,
                  "dfWithin": n - g, "comparisons": comps})

# MARK: corrections -----------------------------------------------------------------------------

corrections = []
for i in range(40):
  m = int(rng.integers(1, 21))
  kind = i % 4
  if kind == 0:
    p = rng.uniform(0, 1, m)
  elif kind == 1:
    p = 10 ** rng.uniform(-12, 0, m)
  elif kind == 2:  # ties
    p = rng.choice([0.001, 0.01, 0.02, 0.04, 0.5], m)
  else:
    p = np.concatenate([10 ** rng.uniform(-300, -20, m // 2), rng.uniform(0, 1, m - m // 2)])
  p = [float(v) for v in p]
  case = {"p": p}
  for method, key in [("holm", "holm"), ("fdr_bh", "benjaminiHochberg"),
                      ("sidak", "sidak"), ("bonferroni", "bonferroni")]:
    case[key] = [f(v) for v in multipletests(p, method=method)[1]]
  corrections.append(case)

meta = {
  "generator": "scripts/reference/stats-reference.py",
  "command": "python3 " + " ".join(sys.argv),
  "seed": SEED,
  "python": sys.version.split()[0],
  "scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
  "numpy": np.__version__, "pandas": pd.__version__, "mpmath": mpmath.__version__,
}
# Comparisons are stored as rows of a table (field names once, below) to keep the file small.
TWO_WAY_FIELDS = ["row", "column", "difference", "standardError", "t", "p", "sidakP",
                  "sidakPPerRow", "ciLow", "ciHigh", "simultaneousCILow", "simultaneousCIHigh"]
ONE_WAY_FIELDS = ["group", "difference", "standardError", "t", "p", "sidakP", "ciLow", "ciHigh",
                  "simultaneousCILow", "simultaneousCIHigh"]
for design in anovas:
  design["comparisons"] = [[c[k] for k in TWO_WAY_FIELDS] for c in design["comparisons"]]
for design in oneways:
  design["comparisons"] = [[c[k] for k in ONE_WAY_FIELDS] for c in design["comparisons"]]

doc = {"meta": meta, "twoWayComparisonFields": TWO_WAY_FIELDS,
       "oneWayComparisonFields": ONE_WAY_FIELDS, "logGamma": log_gamma, "incompleteBeta": betainc,
       "studentT": t_dist, "studentTQuantile": t_quantile, "fisherF": f_dist,
       "tTests": ttests, "twoWayANOVA": anovas, "oneWayANOVA": oneways,
       "corrections": corrections}
with open(OUT, "w") as out:
  json.dump(doc, out, separators=(",", ":"))
  out.write("\n")
print(f"wrote {OUT}: {len(ttests)} t-test designs, {len(anovas)} two-way ANOVAs, "
      f"{len(oneways)} one-way ANOVAs, {len(betainc)} incomplete-beta points")
