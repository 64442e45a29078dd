#!/usr/bin/env python3
"""Independent SRM numbers and states for the Results tab's SRM panel (scipy + mpmath; no shared code).

Run from the repository root:  python3 scripts/reference/srm_states_reference.py
Writes src/ui/results/srm-states.reference.json.

For each case: observed units per arm, designed weights, Pearson's chi-square p-value (scipy), the
Dirichlet-multinomial Bayes factor with alpha = 10000 * p0 and prior odds 1 (docs/statistics.md#sample-ratio-mismatch,
computed with mpmath at 50 digits), the posterior probability of a mismatch, expected units per arm,
and the state the panel must show:
  alert  posterior probability > 0.99
  watch  otherwise, chi-square p < 0.01 or posterior probability > 0.5
  ok     otherwise
"""
import json
import os

import mpmath as mp
from scipy.stats import chisquare

mp.mp.dps = 50
CONCENTRATION = 10_000
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'ui', 'results', 'srm-states.reference.json')

CASES = [
    ('issue 13: 44,700 / 45,489 on a 50/50 split', [44_700, 45_489], [1, 1]),
    ('balanced 5,000 / 5,030', [5_000, 5_030], [1, 1]),
    ('clear mismatch 44,000 / 46,000', [44_000, 46_000], [1, 1]),
    ('posterior above 0.5, chi-square p above 0.01', [10_000, 10_300], [1, 1]),
    ('three arms 40/40/20 in balance', [4_010, 3_985, 2_005], [40, 40, 20]),
]


def bayes_factor(counts, p0):
    alpha = [mp.mpf(CONCENTRATION) * p for p in p0]
    a = mp.fsum(alpha)
    n = mp.fsum(counts)
    log_bf = (mp.loggamma(a) - mp.fsum(mp.loggamma(x) for x in alpha)
              + mp.fsum(mp.loggamma(x + c) for x, c in zip(alpha, counts))
              - mp.loggamma(a + n) - mp.fsum(c * mp.log(p) for c, p in zip(counts, p0)))
    return log_bf


def state(p_value, posterior):
    if posterior > 0.99:
        return 'alert'
    if p_value < 0.01 or posterior > 0.5:
        return 'watch'
    return 'ok'


def main():
    out = []
    for name, counts, weights in CASES:
        total_weight = sum(weights)
        p0 = [mp.mpf(w) / total_weight for w in weights]
        total = sum(counts)
        expected = [float(total * p) for p in p0]
        p_value = float(chisquare(counts, f_exp=expected).pvalue)
        log_bf = bayes_factor([mp.mpf(c) for c in counts], p0)
        bf = mp.e ** log_bf
        posterior = bf / (1 + bf)
        out.append({
            'name': name,
            'counts': counts,
            'weights': weights,
            'expected': expected,
            'chiSquarePValue': p_value,
            'bayesFactor': float(bf),
            'posteriorProbability': float(posterior),
            'state': state(p_value, float(posterior)),
        })
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
