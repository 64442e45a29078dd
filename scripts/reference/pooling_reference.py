#!/usr/bin/env python3
"""Independent partial-pooling numbers for src/lib/stats/pooling (numpy + scipy; no shared code).

Run from the repository root:  python3 scripts/reference/pooling_reference.py
Writes src/lib/stats/pooling/__fixtures__/pooling-reference.json.

Model (docs/statistics.md#partial-pooling-of-slices): d_i ~ N(theta_i, s_i^2), theta_i ~ N(mu, tau^2),
a flat prior on mu. tau^2 is the restricted (REML) maximum likelihood estimate, found here from the
matrix form of the REML score (Harville 1977): with V = diag(s^2 + tau^2), X = 1,
P = V^-1 - V^-1 X (X' V^-1 X)^-1 X' V^-1, score = -tr(P)/2 + y' P P y / 2, root by brentq, and
checked against a grid search of the restricted log-likelihood. The slices' posteriors given tau^2
come from the joint Gaussian posterior of (mu, theta_1..theta_k), solved as one linear system from
its precision matrix (not from shrinkage formulas).
"""
import json
import os

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'lib', 'stats', 'pooling',
                   '__fixtures__', 'pooling-reference.json')

CASES = [
    ('five slices with clear heterogeneity', 0.9,
     [('US', 0.080, 0.020), ('DE', 0.010, 0.025), ('FR', 0.050, 0.030), ('JP', -0.020, 0.040),
      ('BR', 0.120, 0.050)]),
    ('eight country slices, unequal sizes', 0.95,
     [('US', 0.031, 0.008), ('GB', 0.075, 0.015), ('DE', 0.012, 0.018), ('FR', -0.030, 0.021),
      ('JP', 0.067, 0.030), ('IN', 0.090, 0.045), ('BR', 0.020, 0.060), ('other', 0.025, 0.012)]),
    ('slices within noise: tau^2 is 0', 0.9,
     [('a', 0.020, 0.030), ('b', 0.025, 0.030), ('c', 0.018, 0.020), ('d', 0.022, 0.025)]),
    ('two slices far apart', 0.9,
     [('mobile', 0.150, 0.020), ('desktop', -0.050, 0.030)]),
    ('very unequal standard errors', 0.8,
     [('big', 0.010, 0.002), ('mid', 0.060, 0.010), ('small', 0.300, 0.150),
      ('tiny', -0.200, 0.400), ('wide', 0.100, 0.050), ('neg', -0.030, 0.012)]),
    ('one slice', 0.9, [('all', 0.040, 0.010)]),
]


def reml_parts(d, s2, tau2):
    v_inv = np.diag(1.0 / (s2 + tau2))
    x = np.ones((len(d), 1))
    xtvx = x.T @ v_inv @ x
    p = v_inv - v_inv @ x @ np.linalg.inv(xtvx) @ x.T @ v_inv
    return p, xtvx


def reml_score(d, s2, tau2):
    p, _ = reml_parts(d, s2, tau2)
    return -0.5 * np.trace(p) + 0.5 * d @ p @ p @ d


def reml_loglik(d, s2, tau2):
    v = s2 + tau2
    p, xtvx = reml_parts(d, s2, tau2)
    return -0.5 * (np.sum(np.log(v)) + np.log(xtvx[0, 0]) + d @ p @ d)


def reml_tau2(d, s2):
    if reml_score(d, s2, 0.0) <= 0:
        tau2 = 0.0
    else:
        high = 1.0
        while reml_score(d, s2, high) > 0:
            high *= 2
        tau2 = brentq(lambda t: reml_score(d, s2, t), 0.0, high, xtol=1e-300, rtol=1e-15, maxiter=500)
    # The root is the global maximum of the restricted likelihood on a fine grid.
    grid = np.concatenate([[0.0], np.geomspace(1e-12, 10 * (np.var(d) + s2.max()), 20001)])
    best = grid[np.argmax([reml_loglik(d, s2, t) for t in grid])]
    assert abs(best - tau2) <= 1e-3 * max(tau2, s2.min()) + 1e-3 * (grid[1] if best == 0 else best), (best, tau2)
    return tau2


def posterior(d, s2, tau2):
    k = len(d)
    if tau2 == 0:
        # theta_i = mu for every slice; mu's posterior under a flat prior is the precision-weighted mean.
        precision = np.sum(1 / s2)
        mean_mu = np.sum(d / s2) / precision
        return mean_mu, 1 / precision, np.full(k, mean_mu), np.full(k, 1 / precision)
    q = np.zeros((k + 1, k + 1))
    b = np.zeros(k + 1)
    q[0, 0] = k / tau2
    for i in range(k):
        q[0, i + 1] = q[i + 1, 0] = -1 / tau2
        q[i + 1, i + 1] = 1 / tau2 + 1 / s2[i]
        b[i + 1] = d[i] / s2[i]
    cov = np.linalg.inv(q)
    mean = np.linalg.solve(q, b)
    return mean[0], cov[0, 0], mean[1:], np.diag(cov)[1:]


def summary(mean, sd, mass):
    z = norm.ppf((1 + mass) / 2)
    return {'mean': float(mean), 'sd': float(sd), 'credibleInterval': [float(mean - z * sd), float(mean + z * sd)]}


def main():
    out = []
    for name, mass, slices in CASES:
        labels = [s[0] for s in slices]
        d = np.array([s[1] for s in slices], dtype=float)
        sd = np.array([s[2] for s in slices], dtype=float)
        s2 = sd ** 2
        case = {'name': name, 'mass': mass,
                'slices': [{'label': l, 'mean': float(m), 'sd': float(e)} for l, m, e in slices]}
        if len(d) == 1:
            only = summary(d[0], sd[0], mass)
            case['expected'] = {'status': 'single-slice', 'tauSquared': None, 'mu': only,
                                'slices': [{'label': labels[0], 'raw': only, 'pooled': only, 'shrinkage': 0.0}]}
            out.append(case)
            continue
        tau2 = reml_tau2(d, s2)
        mu, mu_var, theta, theta_var = posterior(d, s2, tau2)
        case['expected'] = {
            'status': 'pooled' if tau2 > 0 else 'no-heterogeneity',
            'tauSquared': float(tau2),
            'mu': summary(mu, np.sqrt(mu_var), mass),
            'slices': [{'label': labels[i], 'raw': summary(d[i], sd[i], mass),
                        'pooled': summary(theta[i], np.sqrt(theta_var[i]), mass),
                        'shrinkage': float(s2[i] / (s2[i] + tau2))} for i in range(len(d))],
        }
        out.append(case)
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
