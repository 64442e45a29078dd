#!/usr/bin/env python3
"""Reference values for src/lib/analysis/frequentist-view.ts and test/frequentist.e2e.ts.

A seeded experiment of three arms (control A, B, C) and two metrics: `signup` (a conversion) and
`revenue` (a numeric metric whose pre-period value x correlates with y, for CUPED). Its per-arm sums are
written as a summary CSV with covariate columns (what the app imports), and the expected readout is
computed here with scipy from the published formulas (the comparison of frequentist_reference.py,
itself checked against scipy's Welch test and numpy on unit-level data), with the corrections by
their O(m²) definitions and CUPED's narrowing as 1 − (width with CUPED) / (width without).

Run from the repository root:
    python3 scripts/reference/frequentist_view_reference.py
It writes src/lib/analysis/__fixtures__/frequentist-view.json and
test/fixtures/frequentist/summary-cuped.csv.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from frequentist_reference import bh, compare, holm  # noqa: E402

RNG = np.random.default_rng(17)
ARMS = ["A", "B", "C"]
UNITS = [900, 880, 910]
SIGNUP_RATE = [0.10, 0.125, 0.11]
REVENUE_LIFT = [0.0, 1.2, 0.4]


def experiment():
    rows = []
    for arm, n, rate, lift in zip(ARMS, UNITS, SIGNUP_RATE, REVENUE_LIFT):
        signup = (RNG.random(n) < rate).astype(float)
        x = np.round(RNG.gamma(4.0, 5.0, n), 2)
        y = np.round(np.maximum(0.0, 0.8 * x + RNG.normal(4.0 + lift, 6.0, n)), 2)
        rows.append(
            {
                "arm": arm,
                "signup": {"units": n, "sum": float(signup.sum()), "sumSquares": float(signup.sum())},
                "revenue": {
                    "units": n,
                    "sum": float(y.sum()),
                    "sumSquares": float((y * y).sum()),
                    "covariateSum": float(x.sum()),
                    "covariateSumSquares": float((x * x).sum()),
                    "covariateCrossSum": float((x * y).sum()),
                },
            }
        )
    return rows


def readout(rows, opts, metrics=("signup", "revenue")):
    out = {}
    for metric in metrics:
        stats_ = [dict(r[metric]) for r in rows]
        if metric == "signup":
            for s in stats_:
                s["kind"] = "proportion"
        arms = []
        for i, s in enumerate(stats_):
            entry = {"name": ARMS[i], "mean": s["sum"] / s["units"]}
            if i > 0:
                r = compare(stats_[0], s, opts)
                entry.update({"estimate": r["estimate"], "ci": list(r["ci"]), "pValue": r["pValue"]})
                if opts.get("cuped"):
                    plain = compare(stats_[0], s, {k: v for k, v in opts.items() if k != "cuped"})
                    entry["narrowing"] = 1 - (r["ci"][1] - r["ci"][0]) / (plain["ci"][1] - plain["ci"][0])
            arms.append(entry)
        out[metric] = arms
    return out


def bayesian_cuped(rows):
    """Each arm's (n, Σz, Σz²) for z = y − θ(x − c): θ = cov(x, y) / var(x) and c = mean(x) over all
    arms pooled, expanded from the raw sums (not the centred route the TypeScript takes)."""
    arms = [r["revenue"] for r in rows]
    n = sum(a["units"] for a in arms)
    sy, sx = sum(a["sum"] for a in arms), sum(a["covariateSum"] for a in arms)
    sxx, sxy = sum(a["covariateSumSquares"] for a in arms), sum(a["covariateCrossSum"] for a in arms)
    theta = (sxy - sx * sy / n) / (sxx - sx * sx / n)
    c = sx / n
    out = []
    for a in arms:
        m = a["units"]
        z = a["sum"] - theta * (a["covariateSum"] - m * c)
        zz = (
            a["sumSquares"]
            - 2 * theta * (a["covariateCrossSum"] - c * a["sum"])
            + theta**2 * (a["covariateSumSquares"] - 2 * c * a["covariateSum"] + m * c * c)
        )
        out.append({"units": m, "sum": z, "sumSquares": zz})
    return {"theta": theta, "covariateMean": c, "arms": out}


def main():
    rows = experiment()
    fixed = readout(rows, {"alpha": 0.05})
    family = [fixed[m][i]["pValue"] for m in ("signup", "revenue") for i in (1, 2)]
    payload = {
        "generator": "scripts/reference/frequentist_view_reference.py",
        "statistics": rows,
        "fixed": fixed,
        "fixed90": readout(rows, {"alpha": 0.10}),
        "sequential": readout(rows, {"alpha": 0.05, "sequential": {"tuning": 5000}}),
        "sequentialTuning800": readout(rows, {"alpha": 0.05, "sequential": {"tuning": 800}}),
        "family": "signup B, signup C, revenue B, revenue C",
        "holm": holm(family),
        "benjaminiHochberg": bh(family),
        "bayesianCuped": bayesian_cuped(rows),
        "cupedFixed": readout(rows, {"alpha": 0.05, "cuped": True}, ("revenue",))["revenue"],
        "cupedSequential": readout(rows, {"alpha": 0.05, "cuped": True, "sequential": {"tuning": 5000}}, ("revenue",))[
            "revenue"
        ],
    }
    with open(os.path.join("src", "lib", "analysis", "__fixtures__", "frequentist-view.json"), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    header = "metric,variation,units,conversions,sum,sum_squares,covariate_sum,covariate_sum_squares,covariate_cross_sum"
    lines = [header]
    for r in rows:
        s = r["signup"]
        lines.append(",".join(["signup", r["arm"], str(s["units"]), str(int(s["sum"])), "", "", "", "", ""]))
    for r in rows:
        s = r["revenue"]
        keys = ("sum", "sumSquares", "covariateSum", "covariateSumSquares", "covariateCrossSum")
        lines.append(",".join(["revenue", r["arm"], str(s["units"]), "", *[repr(s[k]) for k in keys]]))
    with open(os.path.join("test", "fixtures", "frequentist", "summary-cuped.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
