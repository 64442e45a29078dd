#!/usr/bin/env python3
"""Independent reference quantiles of Beta(a, b) for src/lib/stats/special/beta-quantile.test.ts (mpmath).

Run from the repository root:  python3 scripts/reference/beta_quantile_reference.py
Writes src/lib/stats/special/__fixtures__/beta-quantile.json. Shapes are chosen for the paths of the
Halley solver: small shapes matched on the far side (x below ½ while p > ½ and the reverse), skewed
large/small pairs, deep tails and large symmetric shapes. Each quantile is found in 60-digit arithmetic
by Newton on the side of 0 or 1 it sits near, then rounded to the nearest double; both x and 1 − x are
written so the test can measure the error on the scale that is resolvable.
"""
import json
import os

import mpmath as mp
from scipy import special

mp.mp.dps = 60
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'lib', 'stats', 'special', '__fixtures__', 'beta-quantile.json')

CASES = [
    # small a: the quantile sits near 0 even for p > 1/2
    (0.7, 0.05, 3.0), (0.6973, 0.0804, 674.0), (0.5847, 0.119, 1.45), (0.8, 0.28, 1.71e4),
    (0.99, 0.0967, 8.59e5), (0.99, 0.0633, 1.29e5), (0.999, 0.314, 599.0), (0.9, 0.5, 0.5),
    (0.5, 0.02, 0.03), (1e-6, 0.3, 40.0), (0.95, 0.964, 6.47e5),
    # small b: near 1 even for p < 1/2
    (0.0752, 5.01e4, 0.0837), (0.001, 763.0, 0.134), (0.4525, 2.33e4, 0.0639), (0.1, 6.81e5, 0.71), (0.1, 681330.3971853848, 0.7102295695140118),
    (0.2, 4.87e4, 0.0695), (0.3, 0.05, 0.02), (0.999, 17.0, 0.4),
    # deep tails of shapes just above 1 and of large skewed shapes
    (1e-10, 1.21e5, 1.447), (1 - 1e-9, 1.3, 7.0e4), (1e-12, 2.0, 9.0), (0.999999, 3.0, 2.0),
    # large and moderate symmetric or balanced shapes
    (0.3, 300.0, 700.0), (0.999, 2000.0, 2000.0), (1e-8, 2.5, 3.5), (0.5, 3.0, 7.0), (0.95, 2.0, 5.0), (0.05, 150.0, 3.0),
]


def cdf(x, a, b):
    # The series mpmath sums converges fast only on the short side: reflect above 1/2.
    if x <= 0.5:
        return mp.betainc(a, b, 0, x, regularized=True)
    return 1 - mp.betainc(b, a, 0, 1 - x, regularized=True)


def quantile(p, a, b):
    """Bisection in log x (lower half) or log(1 − x) (upper half) to 60 digits; returns (x, 1 − x)."""
    P = mp.mpf(p)
    A, B = mp.mpf(a), mp.mpf(b)
    lower_half = special.betainc(a, b, 0.5) >= p  # which half only (double precision is plenty)
    lo, hi = mp.mpf(-2000), mp.log(mp.mpf('0.5'))
    for _ in range(400):
        mid = (lo + hi) / 2
        x = mp.exp(mid) if lower_half else 1 - mp.exp(mid)
        too_small = cdf(x, A, B) < P
        # lower half: x grows with mid; upper half: x shrinks as mid (log of 1 − x) grows
        if too_small == lower_half:
            lo = mid
        else:
            hi = mid
        if hi - lo < mp.mpf(10) ** -50:
            break
    side = mp.exp((lo + hi) / 2)
    return (side, 1 - side) if lower_half else (1 - side, side)


def main():
    out = []
    for p, a, b in CASES:
        x, y = quantile(p, a, b)
        out.append({'p': p, 'a': a, 'b': b, 'quantile': float(x), 'upperGap': float(y)})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as handle:
        json.dump({'source': 'mpmath betainc, 60 digits, bisection in log scale', 'cases': out}, handle, indent=1)
        handle.write('\n')


if __name__ == '__main__':
    main()
