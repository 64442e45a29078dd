"""Reference densities for src/lib/charts/density.test.ts, computed with scipy (independent of the app).

Run from the repo root:  python3 scripts/reference/chart-densities.py
Writes src/lib/charts/density.reference.json.
"""
import json
import math
from pathlib import Path

from scipy import special, stats

normal_cases = [
    {"mean": 10.499158, "sd": math.sqrt(0.026994), "x": x} for x in (10.0, 10.3, 10.499158, 10.9)
] + [{"mean": -2.5, "sd": 0.001, "x": -2.5012}]

beta_cases = [
    {"alpha": a, "beta": b, "x": x}
    for a, b, x in [
        (138.267347, 1044.406122, 0.11),
        (138.267347, 1044.406122, 0.13),
        (101, 901, 0.1),
        (2.5, 7.25, 0.3),
        (1, 1, 0.42),
        (1, 3, 0.2),
        (120001, 880001, 0.1201),
        (5_000_000.5, 45_000_000.5, 0.09999),
    ]
]

log_gamma_cases = [0.1, 0.5, 1, 1.5, 2, 7.25, 33.3, 1044.406122, 1e6]

out = {
    "generator": "scripts/reference/chart-densities.py (scipy " + __import__("scipy").__version__ + ")",
    "normal": [dict(c, density=float(stats.norm.pdf(c["x"], c["mean"], c["sd"]))) for c in normal_cases],
    "beta": [dict(c, density=float(stats.beta.pdf(c["x"], c["alpha"], c["beta"]))) for c in beta_cases],
    "logGamma": [{"x": x, "value": float(special.gammaln(x))} for x in log_gamma_cases],
    "betaMoments": [
        {"alpha": a, "beta": b, "mean": float(stats.beta.mean(a, b)), "sd": float(stats.beta.std(a, b))}
        for a, b in [(138.267347, 1044.406122), (101, 901), (2.5, 7.25)]
    ],
}
target = Path(__file__).resolve().parents[2] / "src" / "lib" / "charts" / "density.reference.json"
target.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {target}")
