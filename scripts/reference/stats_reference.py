#!/usr/bin/env python3
"""Independent reference values for src/lib/stats (scipy + mpmath; shares no code with the TypeScript).

Run from the repository root:  python3 scripts/reference/stats_reference.py
Writes src/lib/stats/__fixtures__/reference.json. Numbers are emitted with repr() (17 significant digits).
"""
import json
import math
import sys
import os

import mpmath as mp
import numpy as np
from scipy import optimize, special, stats

mp.mp.dps = 50
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'lib', 'stats', '__fixtures__', 'reference.json')


def f(x):
    """mpmath number -> nearest double (as a plain float)."""
    x = mp.re(x) if isinstance(x, mp.mpc) else x
    return float(mp.mpf(x))


# ---------------------------------------------------------------- special functions
def normal_cases():
    xs = [-37.5, -30, -20, -10, -8.25, -5, -3, -2, -1.5, -1, -0.6, -0.3, -1e-5, 0, 1e-8, 0.25, 0.5, 0.7, 1, 1.96, 2.5, 4, 6, 9]
    out = []
    for x in xs:
        X = mp.mpf(x)
        out.append({'x': x, 'cdf': f(mp.ncdf(X)), 'sf': f(mp.ncdf(-X)), 'pdf': f(mp.npdf(X))})
    return out


def normal_quantile_cases():
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.55, 0.75, 0.9, 0.95, 0.975, 0.999, 0.999999]
    out = []
    for p in ps:
        P = mp.mpf(p)  # the double itself, exactly
        tail = P if p < 0.5 else 1 - P
        # Solve log Φ(x) = log(tail) (relative accuracy in the tails), starting from scipy's ndtri.
        root = mp.findroot(lambda x: mp.log(mp.ncdf(x)) - mp.log(tail), float(special.ndtri(float(tail))))
        q = root if p < 0.5 else -root
        out.append({'p': p, 'quantile': f(q)})
    return out


def log_gamma_cases():
    xs = [1e-300, 1e-10, 1e-3, 0.1, 0.5, 0.9, 0.999, 1, 1.001, 1.25, 1.5, 1.9, 2, 2.1, 2.5, 3, 4.5, 7.25, 9.99, 10, 10.5, 33.3, 100, 1234.5, 1e5, 1e7, 1e10, 1e15]
    return [{'x': x, 'logGamma': f(mp.loggamma(mp.mpf(x)))} for x in xs]


def log_beta_cases():
    pairs = [(0.5, 0.5), (1, 1), (0.01, 3), (2, 3), (3.5, 9.5), (9.9, 10.1), (12, 30), (0.7, 50000), (2.5, 1e5), (10, 1e7),
             (101, 901), (138.267347, 1044.406122), (1e4, 1e4), (1e6, 1e6), (1e6, 9e6), (3e6, 7e6), (5, 1e7)]
    return [{'a': a, 'b': b, 'logBeta': f(mp.log(mp.beta(mp.mpf(a), mp.mpf(b))))} for a, b in pairs]


def betainc_mp(x, a, b):
    X, A, B = mp.mpf(x), mp.mpf(a), mp.mpf(b)
    return mp.betainc(A, B, 0, X, regularized=True), mp.betainc(A, B, X, 1, regularized=True)


def beta_cases():
    moderate = [(0.3, 2, 3), (1e-3, 0.5, 0.5), (0.999, 0.5, 0.5), (0.5, 0.5, 0.5), (1e-8, 0.2, 3), (0.2, 0.2, 30), (0.9, 30, 0.2),
                (0.1, 101, 901), (0.12, 101, 901), (0.05, 101, 901), (0.2, 101, 901), (0.116, 138.267347, 1044.406122),
                (0.45, 60, 40), (0.7, 60, 40), (0.01, 1, 1), (0.99, 1, 3), (0.3, 7.5, 12.5), (0.001, 3, 200), (0.999, 200, 3),
                # a + b ≈ 1e7 just above the switch to the upper tail (x(a + b + 2) ≥ a + 1): mpmath converges here
                (1.1e-6, 10, 1e7), (1.2e-6, 10, 1e7), (2e-6, 10, 1e7), (2.5e-6, 20, 1e7)]
    out = []
    for x, a, b in moderate:
        cdf, sf = betainc_mp(x, a, b)
        X, A, B = mp.mpf(x), mp.mpf(a), mp.mpf(b)
        logpdf = (A - 1) * mp.log(X) + (B - 1) * mp.log1p(-X) - mp.log(mp.beta(A, B))
        out.append({'x': x, 'a': a, 'b': b, 'cdf': f(cdf), 'sf': f(sf), 'logPdf': f(logpdf), 'pdf': f(mp.exp(logpdf)), 'source': 'mpmath'})
    # Large shapes: mpmath's hypergeometric series does not converge; scipy (Boost ibeta) is accurate to ~1e-15 here.
    large = [(0.5001, 1e6, 1e6), (0.4999, 1e6, 1e6), (0.1003, 1e5, 9e5), (0.0995, 1e5, 9e5), (0.30004, 3e6, 7e6),
             (0.3, 3e6, 7e6 + 10), (0.9e-6, 10, 1e7), (0.5, 5e6, 5e6), (0.10010, 100000, 900000)]
    for x, a, b in large:
        X, A, B = mp.mpf(x), mp.mpf(a), mp.mpf(b)
        logpdf = (A - 1) * mp.log(X) + (B - 1) * mp.log1p(-X) - mp.log(mp.beta(A, B))
        out.append({'x': x, 'a': a, 'b': b, 'cdf': float(special.betainc(a, b, x)), 'sf': float(special.betaincc(a, b, x)),
                    'logPdf': f(logpdf), 'pdf': f(mp.exp(logpdf)), 'source': 'scipy'})
    return out


def beta_quantile_cases():
    cases = [(0.05, 2, 3), (0.5, 2, 3), (0.95, 2, 3), (1e-10, 0.5, 0.5), (0.3, 0.5, 0.5), (0.9, 0.5, 0.5), (1e-100, 0.5, 0.5),
             (0.9, 0.1, 100), (0.1, 100, 0.5), (0.05, 138.267347, 1044.406122), (0.95, 138.267347, 1044.406122),
             (0.5, 101, 901), (1e-6, 101, 901), (0.999999, 101, 901), (0.3, 1, 1), (0.7, 3, 1.2), (0.01, 1.5, 40), (0.99, 1.5, 40)]
    out = []
    for p, a, b in cases:
        A, B, P = mp.mpf(a), mp.mpf(b), mp.mpf(p)
        start = float(special.betaincinv(a, b, p))
        if p <= 0.5:
            # Unknown log x, so tiny quantiles (1e-200) keep full relative precision.
            x = mp.exp(mp.findroot(lambda u: mp.log(mp.betainc(A, B, 0, mp.exp(u), regularized=True)) - mp.log(P), math.log(start)))
        else:
            # Upper tail by symmetry, 1 − I_x(a, b) = I_{1−x}(b, a), with unknown y = 1 − x.
            x = 1 - mp.findroot(lambda y: mp.log(mp.betainc(B, A, 0, y, regularized=True)) - mp.log(1 - P), 1 - start)
        out.append({'p': p, 'a': a, 'b': b, 'quantile': f(x), 'source': 'mpmath'})
    for p, a, b in [(0.05, 1e6, 2e6), (0.5, 1e6, 1e6), (0.95, 3e6, 7e6), (0.001, 1e5, 9e5)]:
        out.append({'p': p, 'a': a, 'b': b, 'quantile': float(special.betaincinv(a, b, p)), 'source': 'scipy'})
    return out


def gamma_q_cases():
    cases = [(0.5, 3.84), (0.5, 0.01), (0.5, 30), (1, 2), (1.5, 4), (2.5, 30), (5, 1), (5, 12), (50, 60), (50, 40), (0.5, 1e-8), (3, 100)]
    return [{'s': s, 'x': x, 'q': f(mp.gammainc(mp.mpf(s), mp.mpf(x), regularized=True))} for s, x in cases]


# ---------------------------------------------------------------- HDIs
def hdi_normal_cases():
    out = []
    for mean, sd, mass in [(0, 1, 0.9), (10.5, 0.2, 0.95), (-3, 2.5, 0.5), (1e6, 1e3, 0.99), (0.04, 0.01, 0.8), (1, 0, 0.9), (2, 1, 1e-6), (2, 1, 0.999999)]:
        z = mp.sqrt(2) * mp.erfinv(mp.mpf(mass))
        out.append({'mean': mean, 'sd': sd, 'mass': mass, 'interval': [f(mean - z * sd), f(mean + z * sd)]})
    return out


def hdi_beta_mp(a, b, mass):
    """Equal-density HDI at 50 digits: solve f(l) = f(u), F(u) − F(l) = mass by Newton in (l, u)."""
    A, B, M = mp.mpf(a), mp.mpf(b), mp.mpf(mass)
    dist = stats.beta(a, b)
    # A rough independent start from scipy: minimise the width over the lower tail probability.
    res = optimize.minimize_scalar(lambda p: dist.ppf(p + mass) - dist.ppf(p), bounds=(0, 1 - mass), method='bounded', options={'xatol': 1e-12})
    l0, u0 = dist.ppf(res.x), dist.ppf(res.x + mass)
    logpdf = lambda t: (A - 1) * mp.log(t) + (B - 1) * mp.log(1 - t)
    cdf = lambda t: mp.betainc(A, B, 0, t, regularized=True)
    pdf = lambda t: mp.exp(logpdf(t) - mp.log(mp.beta(A, B)))
    dlogpdf = lambda t: (A - 1) / t - (B - 1) / (1 - t)
    jacobian = lambda l, u: [[dlogpdf(l), -dlogpdf(u)], [-pdf(l), pdf(u)]]
    l, u = mp.findroot([lambda l, u: logpdf(l) - logpdf(u), lambda l, u: cdf(u) - cdf(l) - M], (mp.mpf(l0), mp.mpf(u0)), J=jacobian)
    assert abs(logpdf(l) - logpdf(u)) < mp.mpf(10) ** -30 and abs(cdf(u) - cdf(l) - M) < mp.mpf(10) ** -30
    return [f(l), f(u)]


def hdi_beta_ref(a, b, mass):
    """HDI by shape: equal density when unimodal, else the interval touching 0 or 1 (mpmath quantiles)."""
    if a > 1 and b > 1:
        return hdi_beta_mp(a, b, mass)
    A, B, M = mp.mpf(a), mp.mpf(b), mp.mpf(mass)
    if a <= 1 < b:
        return [0.0, f(mp.findroot(lambda t: mp.betainc(A, B, 0, t, regularized=True) - M, float(special.betaincinv(a, b, mass))))]
    if b <= 1 < a:
        y = mp.findroot(lambda y: mp.betainc(B, A, 0, y, regularized=True) - M, 1 - float(special.betaincinv(a, b, 1 - mass)))
        return [f(1 - mp.re(y)), 1.0]
    raise ValueError('U-shaped shapes are handled in hdi_beta_cases')


def hdi_beta_cases():
    out = []
    unimodal = [(2, 3, 0.9), (2, 3, 0.5), (138.267347, 1044.406122, 0.9), (101, 901, 0.9), (101, 901, 0.95), (1.5, 40, 0.99),
                (3, 1.2, 0.95), (1.0001, 1.0001, 0.999), (5, 5, 0.2), (20.5, 3.5, 0.8), (1.3, 300, 0.9), (400, 1.3, 0.9)]
    for a, b, mass in unimodal:
        out.append({'a': a, 'b': b, 'mass': mass, 'interval': hdi_beta_mp(a, b, mass), 'source': 'mpmath equal density'})
    # Monotone densities: the HDI touches 0 or 1 (mpmath quantiles).
    for a, b, mass in [(0.5, 3, 0.9), (1, 4, 0.8), (0.3, 1.5, 0.95), (3, 0.5, 0.9), (4, 1, 0.8)]:
        A, B, M = mp.mpf(a), mp.mpf(b), mp.mpf(mass)
        if a <= 1:
            q = mp.findroot(lambda t: mp.betainc(A, B, 0, t, regularized=True) - M, float(special.betaincinv(a, b, mass)))
            interval = [0.0, f(q)]
        else:
            y = mp.findroot(lambda y: mp.betainc(B, A, 0, y, regularized=True) - M, 1 - float(special.betaincinv(a, b, 1 - mass)))
            interval = [f(1 - mp.re(y)), 1.0]
        out.append({'a': a, 'b': b, 'mass': mass, 'interval': interval, 'source': 'mpmath quantile'})
    # U-shaped: shorter of [0, F⁻¹(mass)] and [F⁻¹(1 − mass), 1]; ties (a = b) take the lower one.
    for a, b, mass in [(0.5, 0.5, 0.9), (0.3, 0.6, 0.8), (0.8, 0.4, 0.7), (0.5, 1, 0.9), (1, 0.5, 0.9)]:
        A, B, M = mp.mpf(a), mp.mpf(b), mp.mpf(mass)
        lower_q = mp.re(mp.findroot(lambda t: mp.betainc(A, B, 0, t, regularized=True) - M, float(special.betaincinv(a, b, mass))))
        # upper tail by symmetry: 1 − I_x(a, b) = I_{1−x}(b, a) = mass
        upper_q = 1 - mp.re(mp.findroot(lambda y: mp.betainc(B, A, 0, y, regularized=True) - M, 1 - float(special.betaincinv(a, b, 1 - mass))))
        interval = [0.0, f(lower_q)] if lower_q <= 1 - upper_q else [f(upper_q), 1.0]
        out.append({'a': a, 'b': b, 'mass': mass, 'interval': interval, 'source': 'mpmath quantile'})
    out.append({'a': 1, 'b': 1, 'mass': 0.9, 'interval': [0.05, 0.95], 'source': 'uniform: central interval'})
    # Large shapes: scipy (double) solve of the same condition — ample for the 1e-9 goal.
    for a, b, mass in [(1e6, 2e6, 0.9), (120000, 880000, 0.95), (5e6, 5e6, 0.9)]:
        dist = stats.beta(a, b)
        g = lambda p: dist.logpdf(dist.ppf(p + mass)) - dist.logpdf(dist.ppf(p))
        p = optimize.brentq(g, 1e-6 * (1 - mass), (1 - 1e-6) * (1 - mass), xtol=1e-15)
        out.append({'a': a, 'b': b, 'mass': mass, 'interval': [float(dist.ppf(p)), float(dist.ppf(p + mass))], 'source': 'scipy equal density'})
    return out


# ---------------------------------------------------------------- models and worked examples
def numeric_analysis(arms, control=0, gamma2=0.16, flat=False, mass=0.9, direction='higher'):
    """arms: (N, mean, sd). Returns per-arm posterior, HDI, relative difference (delta method), P(beat control) via Φ."""
    N0, y0, s0 = (mp.mpf(v) for v in arms[control])
    post = []
    for i, (N, y, s) in enumerate(arms):
        N, y, s = mp.mpf(N), mp.mpf(y), mp.mpf(s)
        if flat or i == control:
            post.append((y, s * s / N))
        else:
            w2 = y0 * y0 * mp.mpf(gamma2) + s0 * s0 / N0
            dp, pp = N / (s * s), 1 / w2
            var = 1 / (dp + pp)
            post.append((var * (dp * y + pp * y0), var))
    return summarise_normal_like(post, control, mass, direction)


def summarise_normal_like(moments, control, mass, direction, families=None):
    z = mp.sqrt(2) * mp.erfinv(mp.mpf(mass))
    m0, v0 = moments[control]
    out = []
    for i, (m, v) in enumerate(moments):
        arm = {'posteriorMean': f(m), 'posteriorVariance': f(v), 'posteriorSd': f(mp.sqrt(v))}
        if families is None:
            arm['credibleInterval'] = [f(m - z * mp.sqrt(v)), f(m + z * mp.sqrt(v))]
        if i != control:
            rmean = m / m0 - 1
            rvar = (m * m / (m0 * m0)) * (v / (m * m) + v0 / (m0 * m0))
            arm['relativeDifference'] = {'mean': f(rmean), 'sd': f(mp.sqrt(rvar)),
                                         'credibleInterval': [f(rmean - z * mp.sqrt(rvar)), f(rmean + z * mp.sqrt(rvar))]}
            if families is None:
                d = (m - m0) / mp.sqrt(v + v0)
                arm['probabilityToBeatControl'] = f(mp.ncdf(d if direction == 'higher' else -d))
        out.append(arm)
    return out


def conversion_analysis(arms, control=0, gamma2=0.04, flat=False, mass=0.9, direction='higher'):
    """arms: (N, conversions). Beta posteriors; relative difference via moment-matched normals; P(beat) by quadrature."""
    N0, c0 = (mp.mpf(v) for v in arms[control])
    m = c0 / N0
    prior = (mp.mpf(1), mp.mpf(1))
    if not flat and 0 < m < 1:
        s2 = m * m * mp.mpf(gamma2) + m * (1 - m) / N0
        kappa = m * (1 - m) / s2 - 1
        if kappa > 0:
            prior = (m * kappa, (1 - m) * kappa)
    posts = []
    for i, (N, c) in enumerate(arms):
        a0, b0 = (mp.mpf(1), mp.mpf(1)) if i == control else prior
        posts.append((a0 + c, b0 + N - c))
    moments = [(A / (A + B), A * B / ((A + B) ** 2 * (A + B + 1))) for A, B in posts]
    out = summarise_normal_like(moments, control, mass, direction, families='beta')
    A0, B0 = posts[control]
    for i, ((A, B), arm) in enumerate(zip(posts, out)):
        arm['alpha'], arm['beta'] = f(A), f(B)
        arm['credibleInterval'] = hdi_beta_ref(float(A), float(B), mass)
        if i != control:
            arm['probabilityToBeatControl'] = f(prob_beta_greater(A, B, A0, B0, direction))
    return {'treatmentPrior': [f(prior[0]), f(prior[1])], 'arms': out}


def prob_beta_greater(A, B, A0, B0, direction):
    """P(X > Y) for X ~ Beta(A, B), Y ~ Beta(A0, B0) (or X < Y when lower is better), by mpmath quadrature."""
    pdf = lambda t: mp.exp((A - 1) * mp.log(t) + (B - 1) * mp.log(1 - t) - mp.log(mp.beta(A, B)))
    cdf0 = lambda t: mp.betainc(A0, B0, 0, t, regularized=True)
    mean, sd = A / (A + B), mp.sqrt(A * B / ((A + B) ** 2 * (A + B + 1)))
    pts = [mp.mpf(0)] + [t for t in (mean + k * sd for k in range(-12, 13, 2)) if 0 < t < 1] + [mp.mpf(1)]
    p = mp.quad(lambda t: pdf(t) * cdf0(t), pts)
    return p if direction == 'higher' else 1 - p


def worked_examples():
    numeric = numeric_analysis([(1000, 10, 5), (1000, 10.5, 5.2)])
    w2 = mp.mpf(100) * mp.mpf('0.16') + mp.mpf(25) / 1000
    dp, pp = mp.mpf(1000) / mp.mpf('5.2') ** 2, 1 / w2
    numeric_extra = {'priorVariance': f(w2), 'weight': f(dp / (dp + pp))}
    conversion = conversion_analysis([(1000, 100), (1000, 120)])
    return {'numeric': {'arms': numeric, **numeric_extra}, 'conversion': conversion}


def analysis_grid():
    grid = []
    numeric_cases = [
        {'arms': [(1000, 10, 5), (1000, 10.5, 5.2)], 'options': {}},
        {'arms': [(500, 3.2, 1.1), (480, 3.0, 1.3), (510, 3.4, 0.9)], 'options': {'control': 1}},
        {'arms': [(250, 100, 40), (260, 90, 45)], 'options': {'direction': 'lower', 'credibleMass': 0.95}},
        {'arms': [(2000, 0.5, 2), (2100, 0.55, 2.2)], 'options': {'prior': 'flat'}},
        {'arms': [(40, -2, 3), (45, -1.5, 2.5)], 'options': {'priorRelativeVariance': 0.25, 'credibleMass': 0.8}},
        {'arms': [(1_000_000, 12.5, 30), (1_000_500, 12.53, 30.5)], 'options': {}},
    ]
    for case in numeric_cases:
        o = case['options']
        res = numeric_analysis(case['arms'], control=o.get('control', 0), gamma2=o.get('priorRelativeVariance', 0.16),
                               flat=o.get('prior') == 'flat', mass=o.get('credibleMass', 0.9), direction=o.get('direction', 'higher'))
        grid.append({'kind': 'numeric', 'arms': [{'units': n, 'mean': y, 'sd': s} for n, y, s in case['arms']], 'options': o, 'expected': res})
    conversion_cases = [
        {'arms': [(1000, 100), (1000, 120)], 'options': {}},
        {'arms': [(5000, 250), (5100, 240), (4900, 290)], 'options': {'control': 2}},
        {'arms': [(300, 30), (310, 20)], 'options': {'direction': 'lower', 'credibleMass': 0.95}},
        {'arms': [(800, 40), (820, 55)], 'options': {'prior': 'flat'}},
        {'arms': [(200, 0), (210, 3)], 'options': {}},
        {'arms': [(50, 50), (60, 55)], 'options': {}},
        {'arms': [(400, 200), (400, 230)], 'options': {'priorRelativeVariance': 0.5}},
    ]
    for case in conversion_cases:
        o = case['options']
        res = conversion_analysis(case['arms'], control=o.get('control', 0), gamma2=o.get('priorRelativeVariance', 0.04),
                                  flat=o.get('prior') == 'flat', mass=o.get('credibleMass', 0.9), direction=o.get('direction', 'higher'))
        grid.append({'kind': 'conversion', 'arms': [{'units': n, 'conversions': c} for n, c in case['arms']], 'options': o, 'expected': res})
    return grid


def sufficient_statistics_cases():
    """Raw samples → (units, sum, sumSquares) and the exact mean / sample sd (mpmath from the decimal data)."""
    rng = np.random.default_rng(20240601)
    out = []
    for n, loc, scale in [(50, 10, 5), (1000, 0.3, 0.01), (7, -4, 2)]:
        values = [round(float(v), 6) for v in rng.normal(loc, scale, n)]
        exact = [mp.mpf(repr(v)) for v in values]
        s, ss = mp.fsum(exact), mp.fsum(v * v for v in exact)
        mean = s / n
        sd = mp.sqrt((ss - s * s / n) / (n - 1))
        out.append({'units': n, 'sum': math.fsum(values), 'sumSquares': math.fsum(v * v for v in values), 'mean': f(mean), 'sd': f(sd)})
    return out


# ---------------------------------------------------------------- SRM
def srm_case(looks, weights, concentration=10000, alpha=None, prior_odds=1, threshold=0.99):
    if not isinstance(looks[0], list):
        looks = [looks]
    kept = [i for i, w in enumerate(weights) if w > 0]
    total_w = sum(weights[i] for i in kept)
    p0 = [mp.mpf(weights[i]) / total_w for i in kept]
    a = [mp.mpf(alpha[i]) for i in kept] if alpha is not None else [mp.mpf(concentration) * p for p in p0]
    logbfs, logbfs_scipy = [], []
    for look in looks:
        n = [look[i] for i in kept]
        m1 = mp.loggamma(sum(a)) - sum(mp.loggamma(x) for x in a) + sum(mp.loggamma(x + k) for x, k in zip(a, n)) - mp.loggamma(sum(a) + sum(n))
        m0 = sum(k * mp.log(p) for k, p in zip(n, p0))
        logbfs.append(m1 - m0)
        af = [float(x) for x in a]
        logbfs_scipy.append(float(special.gammaln(sum(af)) - sum(special.gammaln(af)) + sum(special.gammaln(np.add(af, n))) - special.gammaln(sum(af) + sum(n))
                                  - sum(k * math.log(float(p)) for k, p in zip(n, p0))))
    last = looks[-1]
    log_odds = mp.log(prior_odds) + logbfs[-1]
    posterior = 1 / (1 + mp.exp(-log_odds))
    unexpected = [i for i, w in enumerate(weights) if w == 0 and last[i] > 0]
    n_kept = [last[i] for i in kept]
    if len(kept) < 2 or sum(n_kept) == 0:
        chi_p = 1.0
    else:
        expected = [sum(n_kept) * float(p) for p in p0]
        chi_p = float(stats.chisquare(n_kept, expected).pvalue)
    max_post = max(1 / (1 + mp.exp(-(mp.log(prior_odds) + lb))) for lb in logbfs)
    return {
        'looks': looks, 'weights': weights,
        'options': {k: v for k, v in {'concentration': None if concentration == 10000 else concentration, 'dirichletAlpha': alpha,
                                      'priorOdds': None if prior_odds == 1 else prior_odds, 'threshold': None if threshold == 0.99 else threshold}.items() if v is not None},
        'logBayesFactor': f(logbfs[-1]), 'logBayesFactorScipy': logbfs_scipy[-1], 'bayesFactor': min(f(mp.exp(logbfs[-1])), sys.float_info.max),  # clamped to finite like the engine
        'posteriorProbability': f(posterior), 'pValue': f(min(1, min(mp.exp(-lb) for lb in logbfs))),
        'alert': bool(max_post > threshold or unexpected), 'chiSquarePValue': chi_p, 'unexpectedArms': unexpected,
    }


def srm_cases():
    upstream = srm_case([[1, 0, 0]], [0.4, 0.4, 0.2], alpha=[1, 1, 1])
    upstream['M1'] = f(mp.loggamma(3) - 3 * mp.loggamma(1) + mp.loggamma(2) - mp.loggamma(4))
    upstream['M0'] = f(mp.log(mp.mpf('0.4')))
    return [
        upstream,
        srm_case([5000, 5000], [1, 1]),
        srm_case([5000, 5300], [1, 1]),
        srm_case([50210, 49790], [0.5, 0.5]),
        srm_case([[100, 98], [520, 480], [1000, 1100], [2000, 2050]], [1, 1]),
        srm_case([[10, 12, 9], [400, 405, 390], [900, 880, 1010]], [1, 1, 1], concentration=100),
        srm_case([3000, 3100, 1400], [0.4, 0.4, 0.2], prior_odds=0.25, threshold=0.95),
        srm_case([500, 480, 7], [1, 1, 0]),
        srm_case([500, 480, 0], [1, 1, 0]),
        srm_case([1200, 0], [1, 0]),
        srm_case([0, 0], [1, 1]),
        srm_case([200000, 203000], [1, 1]),
        srm_case([[10, 9], [5000, 6000]], [2, 1], alpha=[3, 2]),
    ]


def main():
    data = {
        'generator': 'scripts/reference/stats_reference.py',
        'mpmathDigits': mp.mp.dps,
        'normal': normal_cases(),
        'normalQuantile': normal_quantile_cases(),
        'logGamma': log_gamma_cases(),
        'logBeta': log_beta_cases(),
        'beta': beta_cases(),
        'betaQuantile': beta_quantile_cases(),
        'gammaQ': gamma_q_cases(),
        'hdiNormal': hdi_normal_cases(),
        'hdiBeta': hdi_beta_cases(),
        'sufficientStatistics': sufficient_statistics_cases(),
        'workedExamples': worked_examples(),
        'analyses': analysis_grid(),
        'srm': srm_cases(),
    }
    with open(OUT, 'w') as fh:
        json.dump(data, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
