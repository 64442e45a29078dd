#!/usr/bin/env python3
"""Independent audit of the public statistics API (analyzeMetric, sampleRatioMismatch, hdiBeta, hdiNormal).

Written from the methodology in docs/statistics.md alone; shares no code with the TypeScript engine or with the other
reference generators. Posterior algebra in mpmath (40 digits) from the exact double inputs; probabilities
and expected losses by adaptive quadrature (scipy QUADPACK with breakpoints at each arm's quantiles, and
mpmath for two-arm cross-checks); Beta HDIs by mpmath root finding on (equal density, mass by quadrature).

Run from the repository root:  python3 scripts/reference/audit_reference.py
Writes src/lib/stats/__fixtures__/audit.json (seeded: the same file every run).
"""
import json
import math
import os
import random
import warnings

import mpmath as mp
from scipy import integrate, special, stats

mp.mp.dps = 30
warnings.filterwarnings('ignore', category=integrate.IntegrationWarning)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'lib', 'stats', '__fixtures__', 'audit.json')
rng = random.Random(20240611)


def d(x):
    return float(mp.mpf(x))


def log_uniform(lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def z_of(mass):
    # Φ⁻¹((1 + mass)/2) = √2 · erfinv(mass)
    return mp.sqrt(2) * mp.erfinv(mp.mpf(mass))


def normal_hdi(mean, sd, mass):
    h = z_of(mass) * sd
    return [d(mean - h), d(mean + h)]


# ---------------------------------------------------------------- per-arm distributions (double, for quadrature)
class NormalArm:
    def __init__(self, mean, sd):
        self.mean, self.sd = mean, sd

    def pdf(self, x):
        return stats.norm.pdf(x, self.mean, self.sd)

    def cdf(self, x):
        return special.ndtr((x - self.mean) / self.sd)

    def sf(self, x):
        return special.ndtr((self.mean - x) / self.sd)

    def support(self):
        return self.mean - 10 * self.sd, self.mean + 10 * self.sd

    def breakpoints(self):
        return [self.mean + k * self.sd for k in (-8, -6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6, 8)]


class BetaArm:
    QS = (1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 0.999)

    def __init__(self, a, b):
        self.a, self.b = a, b
        self.mean = a / (a + b)

    def pdf(self, x):
        return stats.beta.pdf(x, self.a, self.b)

    def cdf(self, x):
        return special.betainc(self.a, self.b, x) if x > 0 else 0.0

    def sf(self, x):
        return special.betaincc(self.a, self.b, x) if x < 1 else 0.0

    def support(self):
        return max(0.0, float(special.betaincinv(self.a, self.b, 1e-17))), min(1.0, float(special.betainccinv(self.a, self.b, 1e-17)))

    def breakpoints(self):
        lo = [float(special.betaincinv(self.a, self.b, q)) for q in self.QS]
        hi = [float(special.betainccinv(self.a, self.b, q)) for q in self.QS]
        return lo + hi


def quad(fn, lo, hi, points):
    if not hi > lo:
        return 0.0
    pts = sorted({p for p in points if lo < p < hi})
    edges = [lo] + pts + [hi]
    total = 0.0
    for left, right in zip(edges[:-1], edges[1:]):
        if right > left:
            value, _ = integrate.quad(fn, left, right, epsabs=1e-17, epsrel=1e-14, limit=200)
            total += value
    return total


def comparisons(arms, control, direction):
    """P(best), P(beat control) and expected loss for each arm, by quadrature."""
    higher = direction == 'higher'
    points = [p for arm in arms for p in arm.breakpoints()]
    best = []
    for v, arm in enumerate(arms):
        others = [a for j, a in enumerate(arms) if j != v]
        lo, hi = arm.support()

        def integrand(x, arm=arm, others=others):
            product = arm.pdf(x)
            for other in others:
                product *= other.cdf(x) if higher else other.sf(x)
            return product

        best.append(quad(integrand, lo, hi, points))
    beat = []
    for v, arm in enumerate(arms):
        if v == control:
            beat.append(None)
            continue
        ref = arms[control]
        if isinstance(arm, NormalArm):
            diff = (arm.mean - ref.mean) if higher else (ref.mean - arm.mean)
            beat.append(d(mp.ncdf(mp.mpf(diff) / mp.sqrt(mp.mpf(arm.sd) ** 2 + mp.mpf(ref.sd) ** 2))))
        else:
            lo, hi = arm.support()
            beat.append(quad(lambda x, arm=arm, ref=ref: arm.pdf(x) * (ref.cdf(x) if higher else ref.sf(x)), lo, hi, points))
    supports = [a.support() for a in arms]

    def all_below(x):  # P(max ≤ x)
        product = 1.0
        for a in arms:
            product *= a.cdf(x)
        return product

    def all_above(x):  # P(min > x)
        product = 1.0
        for a in arms:
            product *= a.sf(x)
        return product

    top = max(s[1] for s in supports)
    bottom = min(s[0] for s in supports)
    loss = []
    for arm in arms:
        c = arm.mean
        if higher:
            # E[max] − c = ∫_c^∞ (1 − G) − ∫_{−∞}^c G, G = Π F_j (G ≈ 0 below the largest lower support end)
            g_from = max(s[0] for s in supports)
            value = quad(lambda x: 1 - all_below(x), c, top, points) - quad(all_below, g_from, c, points)
        else:
            # c − E[min] = ∫_{−∞}^c (1 − H) − ∫_c^∞ H, H = Π (1 − F_j) (H ≈ 0 above the smallest upper end)
            h_to = min(s[1] for s in supports)
            value = quad(lambda x: 1 - all_above(x), bottom, c, points) - quad(all_above, c, h_to, points)
        loss.append(max(0.0, value))
    return best, beat, loss


# ---------------------------------------------------------------- Beta HDI (mpmath)
def illinois(fn, left, right, iterations=200):
    """Root of fn bracketed by [left, right] (Illinois false position; never leaves the bracket)."""
    f_left, f_right = fn(left), fn(right)
    side = 0
    for _ in range(iterations):
        x = (left * f_right - right * f_left) / (f_right - f_left)
        if not left < x < right:
            x = (left + right) / 2
        fx = fn(x)
        if fx == 0 or abs(right - left) < abs(x) * mp.mpf(10) ** -26:
            return x
        if (fx > 0) == (f_left > 0):
            left, f_left = x, fx
            if side == -1:
                f_right /= 2
            side = -1
        else:
            right, f_right = x, fx
            if side == 1:
                f_left /= 2
            side = 1
    return (left + right) / 2

def beta_hdi(a, b, mass):
    A, B, M = mp.mpf(a), mp.mpf(b), mp.mpf(mass)
    log_norm = mp.log(mp.beta(A, B))

    def logpdf(x):
        return (A - 1) * mp.log(x) + (B - 1) * mp.log1p(-x) - log_norm

    def pdf(x):
        return mp.exp(logpdf(x))

    mean = A / (A + B)
    sd = mp.sqrt(A * B / ((A + B) ** 2 * (A + B + 1)))

    def integral(lo, hi):
        # split around the bulk so tanh-sinh sees smooth pieces
        cuts = [lo] + [c for c in (mean + k * sd for k in range(-12, 13)) if lo < c < hi] + [hi]
        return mp.quad(pdf, cuts)

    def lower_tail(p, q, u):
        # P(X ≤ u) for X ~ Beta(p, q) with the singular end removed: x = t^(1/p),
        # ∫_0^u x^(p−1) (1 − x)^(q−1) dx = (1/p) ∫_0^(u^p) (1 − t^(1/p))^(q−1) dt
        P, Q = mp.mpf(p), mp.mpf(q)
        top = u ** P
        g = lambda t: mp.exp((Q - 1) * mp.log1p(-t ** (1 / P)))
        cuts = [mp.mpf(0)] + [top * k / 16 for k in range(1, 16)] + [top]
        return mp.quad(g, cuts) / (P * mp.beta(P, Q))

    if a <= 1 < b:
        est = mp.mpf(float(special.betaincinv(a, b, mass)))
        u = mp.findroot(lambda x: lower_tail(a, b, x) - M, (est * (1 - mp.mpf(1e-5)), est * (1 + mp.mpf(1e-5))), solver='anderson', tol=mp.mpf(10) ** -28)
        return [0.0, d(u)]
    if b <= 1 < a:
        est = mp.mpf(float(special.betaincinv(b, a, mass)))  # 1 − X ~ Beta(b, a): the gap below 1
        gap = mp.findroot(lambda y: lower_tail(b, a, y) - M, (est * (1 - mp.mpf(1e-5)), est * (1 + mp.mpf(1e-5))), solver='anderson', tol=mp.mpf(10) ** -28)
        return [d(1 - gap), 1.0]
    mode = (A - 1) / (A + B - 2)

    def upper_of(lo):
        # the point above the mode with the same density as lo
        target = logpdf(lo)
        left, right = mode, mp.mpf(1) - mp.mpf(10) ** -35
        for _ in range(140):
            mid = (left + right) / 2
            if logpdf(mid) > target:
                left = mid
            else:
                right = mid
        return (left + right) / 2

    # scipy's rough HDI as the start, then Newton/secant on the mass held between equal-density points
    from scipy import optimize as _opt
    p = _opt.minimize_scalar(lambda p: stats.beta.ppf(p + mass, a, b) - stats.beta.ppf(p, a, b), bounds=(1e-12, 1 - mass - 1e-12), method='bounded',
                             options={'xatol': 1e-12}).x
    lo0 = mp.mpf(float(stats.beta.ppf(p, a, b)))
    excess = lambda lo: integral(lo, upper_of(lo)) - M  # decreasing in lo
    width = sd / 100
    left, right = max(lo0 - width, lo0 / 2), min(lo0 + width, (lo0 + mode) / 2)
    while excess(left) < 0:
        left = left / 2
    while excess(right) > 0:
        right = (right + mode) / 2
    lo = illinois(excess, left, right)
    return [d(lo), d(upper_of(lo))]


# ---------------------------------------------------------------- analyzeMetric references
def numeric_case(index):
    k = rng.randint(2, 6)
    control = rng.randrange(k)
    direction = rng.choice(['higher', 'lower'])
    prior = rng.choice(['informative', 'informative', 'flat'])
    mass = rng.choice([0.5, 0.8, 0.9, 0.95, 0.99, 0.999, round(rng.uniform(0.5, 0.999), 3)])
    gamma = rng.choice([None, None, 0.04, 0.13, 0.19, log_uniform(1e-4, 1.0)])
    base = rng.choice([log_uniform(0.01, 1e4), -log_uniform(0.1, 100)])
    cv = log_uniform(0.05, 5)
    use_sums = rng.random() < 0.5
    arms, summaries = [], []
    for v in range(k):
        n = int(log_uniform(20, 2e5))
        mean = base * (1 + rng.gauss(0, 0.03))
        sd = abs(base) * cv * math.exp(rng.gauss(0, 0.1))
        if use_sums:
            total = n * mean
            squares = (n - 1) * sd * sd + n * mean * mean
            arms.append({'name': f'arm{v}', 'units': n, 'sum': total, 'sumSquares': squares})
            S, Q = mp.mpf(total), mp.mpf(squares)
            ybar = S / n
            var = (Q - S * S / n) / (n - 1)
        else:
            arms.append({'name': f'arm{v}', 'units': n, 'mean': mean, 'sd': sd})
            ybar, var = mp.mpf(mean), mp.mpf(sd) ** 2
        summaries.append((n, ybar, var))
    g2 = mp.mpf(gamma) if gamma is not None else mp.mpf('0.16')
    n0, y0, v0 = summaries[control]
    posteriors = []
    for v, (n, y, var) in enumerate(summaries):
        if prior == 'flat' or v == control:
            posteriors.append((y, var / n))
            continue
        w2 = y0 * y0 * g2 + v0 / n0
        prec_data, prec_prior = n / var, 1 / w2
        omega2 = 1 / (prec_data + prec_prior)
        posteriors.append((omega2 * (prec_data * y + prec_prior * y0), omega2))
    options = {'kind': 'numeric', 'credibleMass': mass}
    if direction == 'lower' or rng.random() < 0.5:
        options['direction'] = direction
    if control != 0 or rng.random() < 0.5:
        options['control'] = control
    if prior == 'flat' or rng.random() < 0.5:
        options['prior'] = prior
    if gamma is not None:
        options['priorRelativeVariance'] = gamma
    return finish_case(arms, options, posteriors, 'normal', control, direction, mass)


def conversion_case(index):
    k = rng.randint(2, 6)
    control = rng.randrange(k)
    direction = rng.choice(['higher', 'lower'])
    prior = rng.choice(['informative', 'informative', 'flat'])
    mass = rng.choice([0.5, 0.8, 0.9, 0.95, 0.99, round(rng.uniform(0.5, 0.999), 3)])
    gamma = rng.choice([None, None, 0.01, 0.16, log_uniform(1e-4, 2.0)])
    rate = rng.choice([log_uniform(1e-4, 0.5), rng.uniform(0.02, 0.98), log_uniform(1e-3, 0.05)])
    arms, counts = [], []
    for v in range(k):
        n = int(log_uniform(10, 2e5))
        p = min(0.999, rate * math.exp(rng.gauss(0, 0.1)))
        conv = int(stats.binom.rvs(n, p, random_state=rng.randrange(2 ** 31)))
        if rng.random() < 0.05:
            conv = 0
        arms.append({'name': f'arm{v}', 'units': n, 'conversions': conv})
        counts.append((n, conv))
    g2 = mp.mpf(gamma) if gamma is not None else mp.mpf('0.04')
    n0, c0 = counts[control]
    m = mp.mpf(c0) / n0
    treatment_prior = (mp.mpf(1), mp.mpf(1))
    fallback = True
    if prior == 'informative' and 0 < m < 1:
        s2 = m * m * g2 + m * (1 - m) / n0
        kappa = m * (1 - m) / s2 - 1
        if kappa > 0:
            treatment_prior = (m * kappa, (1 - m) * kappa)
            fallback = False
    posteriors = []
    for v, (n, c) in enumerate(counts):
        a0, b0 = (mp.mpf(1), mp.mpf(1)) if v == control else treatment_prior
        posteriors.append((a0 + c, b0 + n - c))
    options = {'kind': 'conversion', 'credibleMass': mass}
    if direction == 'lower' or rng.random() < 0.5:
        options['direction'] = direction
    if control != 0 or rng.random() < 0.5:
        options['control'] = control
    if prior == 'flat' or rng.random() < 0.5:
        options['prior'] = prior
    if gamma is not None:
        options['priorRelativeVariance'] = gamma
    case = finish_case(arms, options, posteriors, 'beta', control, direction, mass)
    case['treatmentPrior'] = [d(treatment_prior[0]), d(treatment_prior[1])]
    case['priorFallback'] = fallback
    return case


def finish_case(arms, options, posteriors, family, control, direction, mass):
    if family == 'normal':
        moments = [(mean, var) for mean, var in posteriors]
        dist = [NormalArm(d(mean), d(mp.sqrt(var))) for mean, var in posteriors]
    else:
        moments = [(A / (A + B), A * B / ((A + B) ** 2 * (A + B + 1))) for A, B in posteriors]
        dist = [BetaArm(d(A), d(B)) for A, B in posteriors]
    best, beat, loss = comparisons(dist, control, direction)
    cm, cv = moments[control]
    results = []
    for v, post in enumerate(posteriors):
        mean, var = moments[v]
        if family == 'normal':
            posterior = {'family': 'normal', 'mean': d(post[0]), 'sd': d(mp.sqrt(post[1]))}
            interval = normal_hdi(post[0], mp.sqrt(post[1]), mass)
        else:
            posterior = {'family': 'beta', 'alpha': d(post[0]), 'beta': d(post[1])}
            interval = beta_hdi(d(post[0]), d(post[1]), mass)
        relative = None
        if v != control:
            rel_mean = mean / cm - 1
            rel_var = (mean ** 2 / cm ** 2) * (var / mean ** 2 + cv / cm ** 2) if mean != 0 else var / cm ** 2
            rel_sd = mp.sqrt(rel_var)
            relative = {'mean': d(rel_mean), 'sd': d(rel_sd), 'credibleInterval': normal_hdi(rel_mean, rel_sd, mass)}
        results.append({
            'name': arms[v]['name'],
            'posterior': posterior,
            'posteriorMean': d(mean),
            'credibleInterval': interval,
            'relativeDifference': relative,
            'probabilityToBeatControl': beat[v],
            'probabilityToBeBest': best[v],
            'expectedLoss': loss[v],
            'expectedLossRelative': loss[v] / abs(d(cm)),
            'lossScale': math.sqrt(max(d(m[1]) for m in moments)),
        })
    return {'arms': arms, 'options': options, 'expected': results}


# ---------------------------------------------------------------- two-arm cross-check of the quadrature (mpmath)
def mp_two_arm_beat(a1, b1, a0, b0):
    """P(X1 > X0) for Beta arms with mpmath quadrature of f1 · I_x(a0, b0)."""
    A1, B1, A0, B0 = map(mp.mpf, (a1, b1, a0, b0))
    f = lambda x: mp.exp((A1 - 1) * mp.log(x) + (B1 - 1) * mp.log1p(-x) - mp.log(mp.beta(A1, B1))) * mp.betainc(A0, B0, 0, x, regularized=True)
    m, s = A1 / (A1 + B1), mp.sqrt(A1 * B1 / ((A1 + B1) ** 2 * (A1 + B1 + 1)))
    cuts = [mp.mpf(0)] + [c for c in (m + k * s for k in range(-12, 13)) if 0 < c < 1] + [mp.mpf(1)]
    return mp.quad(f, cuts)


# ---------------------------------------------------------------- SRM
def srm_case(index):
    k = rng.randint(2, 6)
    weights = [rng.choice([1, 1, 2, 3, 0.5, rng.uniform(0.1, 5)]) for _ in range(k)]
    zero = []
    if rng.random() < 0.3:
        zero = [rng.randrange(k)]
        weights[zero[0]] = 0
        if sum(weights) == 0:
            weights[(zero[0] + 1) % k] = 1
    total_w = sum(weights)
    p_true = [w / total_w for w in weights]
    if rng.random() < 0.4:  # a real mismatch
        j = rng.randrange(k)
        p_true = [p * (1.05 if i == j else 1) for i, p in enumerate(p_true)]
        s = sum(p_true)
        p_true = [p / s for p in p_true]
    leak = rng.random() < 0.5 and zero
    looks, counts = [], [0] * k
    for t in range(rng.randint(1, 5)):
        step = int(log_uniform(5, 2e5))
        add = stats.multinomial.rvs(step, p_true, random_state=rng.randrange(2 ** 31))
        counts = [c + int(x) for c, x in zip(counts, add)]
        if leak and t == 0:
            counts[zero[0]] += rng.randint(1, 3)
        looks.append(list(counts))
    options = {}
    style = rng.random()
    kept = [i for i in range(k) if weights[i] > 0]
    if style < 0.3:
        options['concentration'] = rng.choice([1, 100, log_uniform(0.5, 1e6)])
    elif style < 0.5:
        options['dirichletAlpha'] = [log_uniform(0.2, 1e4) for _ in range(k)]
    if rng.random() < 0.3:
        options['priorOdds'] = log_uniform(0.01, 100)
    if rng.random() < 0.3:
        options['threshold'] = rng.choice([0.9, 0.95, 0.999])
    # reference
    W = [mp.mpf(weights[i]) for i in kept]
    p0 = [w / sum(W) for w in W]
    # the engine receives p0 only through the weights; α = c·p0 with p0 in exact arithmetic
    if 'dirichletAlpha' in options:
        alpha = [mp.mpf(options['dirichletAlpha'][i]) for i in kept]
    else:
        c = mp.mpf(options.get('concentration', 10000))
        alpha = [c * p for p in p0]

    def log_bf(look):
        n = [mp.mpf(look[i]) for i in kept]
        sa, sn = sum(alpha), sum(n)
        return (mp.loggamma(sa) - sum(mp.loggamma(a) for a in alpha) + sum(mp.loggamma(a + x) for a, x in zip(alpha, n))
                - mp.loggamma(sa + sn) - sum(x * mp.log(p) for x, p in zip(n, p0)))

    lbfs = [log_bf(look) for look in looks]
    odds = mp.mpf(options.get('priorOdds', 1)) * mp.exp(lbfs[-1])
    post = odds / (1 + odds)
    pvalue = min(mp.mpf(1), min(mp.exp(-x) for x in lbfs))
    last = looks[-1]
    n_kept = [last[i] for i in kept]
    total = sum(n_kept)
    if len(kept) < 2 or total == 0:
        chi_p = 1.0
    else:
        stat = sum((mp.mpf(x) - total * p) ** 2 / (total * p) for x, p in zip(n_kept, p0))
        chi_p = d(mp.gammainc(mp.mpf(len(kept) - 1) / 2, stat / 2, mp.inf, regularized=True))
    threshold = options.get('threshold', 0.99)
    prior_odds = mp.mpf(options.get('priorOdds', 1))
    any_look = any(prior_odds * mp.exp(x) / (1 + prior_odds * mp.exp(x)) > threshold for x in lbfs)
    unexpected = [i for i in range(k) if weights[i] == 0 and last[i] > 0]
    return {
        'looks': looks if len(looks) > 1 or rng.random() < 0.5 else looks[0],
        'weights': weights,
        'options': options,
        'expected': {
            'logBayesFactor': d(lbfs[-1]),
            'bayesFactor': d(mp.exp(lbfs[-1])),
            'posteriorProbability': d(post),
            'pValue': d(pvalue),
            'chiSquarePValue': chi_p,
            'alertLastLook': bool(post > threshold) or bool(unexpected),
            'alertAnyLook': bool(any_look) or bool(unexpected),
            'unexpectedArms': unexpected,
        },
    }


# ---------------------------------------------------------------- HDIs
def hdi_beta_cases(count):
    out = []
    for _ in range(count):
        a = log_uniform(0.05, 1e6)
        b = log_uniform(0.05, 1e6)
        if a <= 1 and b <= 1:
            b = log_uniform(1.01, 1e6)
        mass = rng.choice([0.5, 0.8, 0.9, 0.95, 0.99, 0.999, round(rng.uniform(0.5, 0.999), 4)])
        out.append({'alpha': a, 'beta': b, 'mass': mass, 'interval': beta_hdi(a, b, mass)})
    return out


def hdi_normal_cases(count):
    out = []
    for _ in range(count):
        mean = rng.uniform(-1e3, 1e3)
        sd = log_uniform(1e-6, 1e4)
        mass = rng.choice([0.5, 0.8, 0.9, 0.95, 0.99, 0.999, round(rng.uniform(0.5, 0.999), 4)])
        out.append({'mean': mean, 'sd': sd, 'mass': mass, 'interval': normal_hdi(mp.mpf(mean), mp.mpf(sd), mass)})
    return out


def beta_cdf_cases():
    """Incomplete beta against mpmath's betainc, including a + b ≈ 1e7 just above the tail switch."""
    pts = [(1.1e-6, 10, 1e7), (1.2e-6, 10, 1e7), (1.5e-6, 10, 1e7), (2e-6, 10, 1e7), (3e-6, 10, 1e7), (2.5e-6, 20, 1e7),
           (3.1e-6, 30, 1e7), (1.3e-5, 100, 1e7), (0.02, 2, 100), (0.03, 2, 100), (0.5, 1, 3), (1e-4, 3, 5e4), (1.2e-4, 3, 5e4)]
    out = []
    for x, a, b in pts:
        with mp.workdps(50):
            cdf = mp.betainc(a, b, 0, mp.mpf(x), regularized=True)
        out.append({'x': x, 'a': a, 'b': b, 'cdf': d(cdf), 'sf': d(1 - cdf)})
    return out


def main():
    numeric = [numeric_case(i) for i in range(100)]
    conversion = [conversion_case(i) for i in range(100)]
    # mpmath cross-check of the scipy quadrature on a few two-arm conversion cases
    for case in conversion[:6]:
        arms = case['expected']
        control = case['options'].get('control', 0)
        if case['options'].get('direction', 'higher') != 'higher':
            continue
        for v, arm in enumerate(arms):
            if v == control:
                continue
            a1, b1 = arm['posterior']['alpha'], arm['posterior']['beta']
            a0, b0 = arms[control]['posterior']['alpha'], arms[control]['posterior']['beta']
            if a1 + b1 < 5e4:
                exact = d(mp_two_arm_beat(a1, b1, a0, b0))
                assert abs(exact - arm['probabilityToBeatControl']) < 1e-11, (exact, arm['probabilityToBeatControl'])
            break
    data = {
        'numeric': numeric,
        'conversion': conversion,
        'srm': [srm_case(i) for i in range(80)],
        'hdiBeta': hdi_beta_cases(150),
        'hdiNormal': hdi_normal_cases(40),
        'betaCdf': beta_cdf_cases(),
    }
    with open(OUT, 'w') as fh:
        json.dump(data, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
