#!/usr/bin/env python3
"""Reference values for src/lib/stats/compare (exact comparisons), independent of the TypeScript code.

Method (deliberately different from the TypeScript one, which integrates on a logit axis and builds
CDFs from densities): scipy.integrate.quad on the original axis with scipy's own CDFs, and the
expected maximum (minimum) from its density form E[max] = sum_v ∫ x f_v(x) prod_{j≠v} F_j(x) dx,
no mirroring for 'lower'. A handful of cases are re-checked with mpmath at 30 digits (--verify).

Run from the repository root:
    python3 scripts/reference/compare_reference.py > src/lib/stats/compare/__fixtures__/exact-reference.json
"""
import json
import math
import random
import sys

import numpy as np
from scipy import integrate, special, stats

QUAD = dict(epsabs=1e-14, epsrel=1e-13, limit=2000)


def arm_functions(posterior):
    """(pdf, cdf, sf, mean, breakpoints, support) of one posterior, from scipy.special's ufuncs."""
    if posterior["family"] == "normal":
        m, s = posterior["mean"], posterior["sd"]
        pdf = lambda x: math.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
        cdf = lambda x: special.ndtr((x - m) / s)
        sf = lambda x: special.ndtr((m - x) / s)
        points = [m + k * s for k in (-8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 8)]
        return pdf, cdf, sf, m, points, (m - 13 * s, m + 13 * s)
    a, b = posterior["alpha"], posterior["beta"]
    log_norm = special.betaln(a, b)
    if max(a, b) >= 100:
        # a·ln x + b·ln(1 − x) − ln B(a, b) cancels badly for huge shapes; scipy.stats (Boost) does not.
        frozen = stats.beta(a, b)
        pdf = lambda x: float(frozen.pdf(x))
    else:
        pdf = None
    def log_pdf_form(x):
        if x <= 0 or x >= 1:
            return 0.0
        return math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_norm)
    pdf = pdf or log_pdf_form
    cdf = lambda x: special.betainc(a, b, x)
    sf = lambda x: special.betaincc(a, b, x)
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    points = [mean + k * sd for k in (-12, -8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 8, 12, 20, 40)]
    points = [x for x in points if 0 < x < 1]
    return pdf, cdf, sf, mean, points, (0.0, 1.0)


def integrate_pieces(f, lo, hi, points):
    inner = sorted(set(x for x in points if lo < x < hi))
    edges = [lo] + inner + [hi]
    total, error = 0.0, 0.0
    for left, right in zip(edges[:-1], edges[1:]):
        value, err = integrate.quad(f, left, right, **QUAD)
        total += value
        error += err
    return total, error


def reference(case):
    posteriors, direction, control = case["posteriors"], case["direction"], case["control"]
    arms = [arm_functions(p) for p in posteriors]
    k = len(arms)
    lo = min(arm[5][0] for arm in arms)
    hi = max(arm[5][1] for arm in arms)
    points = [x for arm in arms for x in arm[4]]
    # 'higher': v wins where every other arm is below; 'lower': where every other arm is above.
    other = (lambda j, x: arms[j][1](x)) if direction == "higher" else (lambda j, x: arms[j][2](x))
    centre = arms[control][3]

    best, worst_error = [], 0.0
    extreme = 0.0  # E[max − centre] ('higher') or E[min − centre] ('lower')
    for v in range(k):
        others = [j for j in range(k) if j != v]
        def integrand(x, v=v, others=others):
            value = arms[v][0](x)
            for j in others:
                if value == 0.0:
                    return 0.0
                value *= other(j, x)
            return value
        p, err = integrate_pieces(integrand, lo, hi, points)
        best.append(p)
        worst_error = max(worst_error, err)
        moment, err = integrate_pieces(lambda x: (x - centre) * integrand(x), lo, hi, points)
        extreme += moment
        worst_error = max(worst_error, err)

    if direction == "higher":
        loss = [(centre - arm[3]) + extreme for arm in arms]
    else:
        loss = [(arm[3] - centre) - extreme for arm in arms]

    beat = []
    for v in range(k):
        if v == control:
            beat.append(None)
            continue
        pv, pc = posteriors[v], posteriors[control]
        if pv["family"] == "normal":
            z = (pv["mean"] - pc["mean"]) / math.hypot(pv["sd"], pc["sd"])
            beat.append(float(stats.norm.cdf(z if direction == "higher" else -z)))
        else:
            f = (lambda x: arms[v][0](x) * arms[control][1](x)) if direction == "higher" else (lambda x: arms[v][0](x) * arms[control][2](x))
            p, err = integrate_pieces(f, 0.0, 1.0, arms[v][4] + arms[control][4])
            beat.append(p)
            worst_error = max(worst_error, err)

    if abs(sum(best) - 1) > 1e-11 or worst_error > 1e-11:
        raise SystemExit(f"{case['name']}: reference not accurate enough (sum {sum(best)!r}, quad error {worst_error:.2e})")
    return {"probabilityToBeBest": best, "probabilityToBeatControl": beat, "expectedLoss": loss}


def normal(mean, sd):
    return {"family": "normal", "mean": mean, "sd": sd}


def beta(a, b):
    return {"family": "beta", "alpha": a, "beta": b}


def fixed_cases():
    yield "spec numeric example", [normal(10, 5 / math.sqrt(1000)), normal(10.499158, math.sqrt(0.026994))], "higher", 0
    yield "spec conversion example", [beta(101, 901), beta(138.267347, 1044.406122)], "higher", 0
    yield "bench K=10 normal", [normal(0.1 * i, 0.3 + 0.05 * i) for i in range(10)], "higher", 0
    yield "bench K=10 beta", [beta(1000 + 20 * i, 9000) for i in range(10)], "higher", 0
    yield "identical normals", [normal(1, 2), normal(1, 2), normal(1, 2)], "higher", 0
    yield "identical betas lower", [beta(30, 70), beta(30, 70), beta(31, 69)], "lower", 2
    yield "lopsided normal", [normal(0, 1), normal(100, 1), normal(0.5, 2)], "higher", 0
    yield "lopsided beta", [beta(5000, 5000), beta(10, 990), beta(7000, 3000)], "higher", 1
    yield "small shapes", [beta(0.5, 3), beta(0.3, 0.7), beta(2, 0.5)], "higher", 0
    yield "small shapes lower", [beta(0.5, 3), beta(0.3, 0.7), beta(2, 0.5)], "lower", 1
    yield "jeffreys-like", [beta(0.5, 0.5), beta(0.5, 0.5), beta(1, 1), beta(0.8, 0.6)], "higher", 2
    yield "tiny conversion rates", [beta(1, 5000), beta(2, 5000), beta(1.5, 20000)], "higher", 0
    yield "huge shapes", [beta(200000, 800000), beta(200300, 799700), beta(199900, 800100)], "higher", 0
    yield "very different sds", [normal(0, 1e-3), normal(0.001, 1), normal(-0.5, 30)], "higher", 0
    yield "large offset normal", [normal(1000.0, 0.5), normal(1000.3, 0.6), normal(999.9, 0.4)], "lower", 0
    yield "near tie normal", [normal(5, 1), normal(5 + 1e-7, 1), normal(5, 1.0000001)], "higher", 1
    yield "all mass near zero", [beta(0.2, 40), beta(0.5, 60), beta(1, 80), beta(0.05, 5)], "higher", 0
    yield "all mass near one lower", [beta(40, 0.6), beta(60, 0.8), beta(80, 1), beta(5, 0.5)], "lower", 3
    yield "uniform arms", [beta(1, 1), beta(1, 1), beta(1, 2), beta(2, 1)], "higher", 0
    yield "equal means different sds", [normal(3, 0.1 * (i + 1)) for i in range(10)], "lower", 4
    yield "huge shapes lower", [beta(300000, 700000), beta(300200, 699800)], "lower", 1


def random_cases(seed, count):
    rng = random.Random(seed)
    for i in range(count):
        k = rng.randint(2, 10)
        direction = rng.choice(["higher", "lower"])
        control = rng.randrange(k)
        if i % 2 == 0:
            base, spread = rng.uniform(-5, 5), math.exp(rng.uniform(-3, 2))
            posteriors = [normal(base + rng.gauss(0, spread), spread * math.exp(rng.uniform(-1, 1))) for _ in range(k)]
        else:
            rate = math.exp(rng.uniform(math.log(0.005), math.log(0.6)))
            units = math.exp(rng.uniform(math.log(20), math.log(200000)))
            posteriors = []
            for _ in range(k):
                r = min(0.99, max(1e-4, rate * math.exp(rng.gauss(0, 0.1))))
                a = 1 + r * units
                posteriors.append(beta(a, 1 + units - r * units))
        yield f"random {i}", posteriors, direction, control


def verify_with_mpmath():
    """Re-derive P(best) for a few cases at 30 digits with tanh-sinh quadrature; print the largest gap."""
    import mpmath as mp
    mp.mp.dps = 30
    checks = [
        ("spec conversion example", [beta(101, 901), beta(138.267347, 1044.406122)]),
        ("small shapes", [beta(0.5, 3), beta(0.3, 0.7), beta(2, 0.5)]),
        ("three normals", [normal(0, 1), normal(0.3, 0.7), normal(-0.2, 1.5)]),
    ]
    for name, posteriors in checks:
        def pdf(p, x):
            if p["family"] == "normal":
                return mp.npdf(x, p["mean"], p["sd"])
            return x ** (p["alpha"] - 1) * (1 - x) ** (p["beta"] - 1) / mp.beta(p["alpha"], p["beta"])
        def cdf(p, x):
            if p["family"] == "normal":
                return mp.ncdf(x, p["mean"], p["sd"])
            return mp.betainc(p["alpha"], p["beta"], 0, x, regularized=True)
        if posteriors[0]["family"] == "normal":
            edges = [-mp.inf, -3, -1, 0, 1, 3, mp.inf]
        else:
            edges = [0, 0.05, 0.1, 0.11, 0.12, 0.13, 0.15, 0.3, 0.5, 0.7, 0.9, 1]
        expected = reference({"name": name, "posteriors": posteriors, "direction": "higher", "control": 0})
        gaps = []
        for v, pv in enumerate(posteriors):
            f = lambda x: pdf(pv, x) * mp.fprod(cdf(p, x) for j, p in enumerate(posteriors) if j != v)
            gaps.append(abs(mp.quad(f, edges) - expected["probabilityToBeBest"][v]))
        print(f"{name}: max |scipy - mpmath| = {float(max(gaps)):.2e}", file=sys.stderr)


def main():
    if "--verify" in sys.argv:
        verify_with_mpmath()
        return
    cases = []
    for name, posteriors, direction, control in list(fixed_cases()) + list(random_cases(20240521, 40)):
        case = {"name": name, "input": {"posteriors": posteriors, "direction": direction, "control": control}}
        case["expected"] = reference({"name": name, "posteriors": posteriors, "direction": direction, "control": control})
        cases.append(case)
        print(name, file=sys.stderr)
    json.dump({"generator": "scripts/reference/compare_reference.py", "tolerance": 1e-9, "cases": cases}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
