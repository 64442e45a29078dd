#!/usr/bin/env python3
"""Reference values for src/lib/analysis/planner-simulation.ts (the planner's Bayesian view).

The simulation draws each arm's sufficient statistics at the planned size (one treatment carries the
smallest effect worth detecting, every other arm the baseline), runs the Bayesian engine and averages
the true best arm's probability to be best, P. Here the same expectations are computed without any
simulation, by numerical integration over the sampling distribution of the statistics:

- means (known per-unit sd σ, n units per arm; the simulation passes σ as the arms' sd): the sample
  means are normal. Flat prior: P = Φ(d / s), s = σ√(2/n), so E[P] = Φ(δ / (s√2)) and
  Pr(P > t) = Φ(δ / s − z_t) in closed form (asserted against the quadrature). Informative prior: the
  engine's shrinkage of the treatment towards the control mean, integrated by Gauss–Hermite.
  Three arms, flat prior: E[P] = Pr(Y₁ is the largest), Y_j ~ N(μ_j, 2s²); Pr(P > t) by solving
  P = t for the treatment's mean at each Gauss–Hermite node of the other two.
- rates (conversions exactly Binomial(n, p)): the posteriors are Beta (uniform prior, or the
  engine's moment-matched prior for the treatment); P(Beta_t > Beta_c) = ∫ f_t F_c on a fine grid,
  summed over both binomial laws.

Run from the repository root:
    python3 scripts/reference/planner_simulation_reference.py
It writes src/lib/analysis/__fixtures__/planner-simulation.json.
"""
import json
import os

import numpy as np
from scipy import integrate, optimize, stats

OUT = os.path.join("src", "lib", "analysis", "__fixtures__", "planner-simulation.json")
HERMITE = np.polynomial.hermite_e.hermegauss(160)  # probabilists': ∫ f(z) φ(z) dz ≈ Σ w f(x) / √(2π)
GH_NODES, GH_WEIGHTS = HERMITE[0], HERMITE[1] / np.sqrt(2 * np.pi)


def mean_two_arms(mean, sd, effect, n, threshold, gamma_squared=None):
    s = sd / np.sqrt(n)  # one arm's standard error
    mu_c, mu_t = mean, mean + effect * abs(mean)
    m_c = mu_c + s * GH_NODES[:, None]
    m_t = mu_t + s * GH_NODES[None, :]
    weights = GH_WEIGHTS[:, None] * GH_WEIGHTS[None, :]
    if gamma_squared is None:
        post_mean, post_var = m_t, s * s + 0 * m_c
    else:
        prior_var = m_c * m_c * gamma_squared + s * s
        data_precision = 1 / (s * s)
        post_var = 1 / (data_precision + 1 / prior_var)
        post_mean = post_var * (data_precision * m_t + m_c / prior_var)
    p = stats.norm.cdf((post_mean - m_c) / np.sqrt(post_var + s * s))
    expected = float(np.sum(weights * p))
    second = float(np.sum(weights * p * p))
    # Pr(P > t): P rises with the treatment's mean, so solve for it at each control node.
    z = stats.norm.ppf(threshold)
    m_c1 = mu_c + s * GH_NODES
    if gamma_squared is None:
        m_t_star = m_c1 + z * np.sqrt(2) * s
    else:
        prior_var = m_c1 * m_c1 * gamma_squared + s * s
        data_precision = 1 / (s * s)
        post_var = 1 / (data_precision + 1 / prior_var)
        target = m_c1 + z * np.sqrt(post_var + s * s)  # the posterior mean P = t needs
        m_t_star = (target / post_var - m_c1 / prior_var) / data_precision
    share = float(np.sum(GH_WEIGHTS * stats.norm.sf((m_t_star - mu_t) / s)))
    if gamma_squared is None:
        delta, se = mu_t - mu_c, np.sqrt(2) * s
        assert abs(expected - stats.norm.cdf(delta / (se * np.sqrt(2)))) < 1e-10
        assert abs(share - stats.norm.cdf(delta / se - z)) < 1e-10
    return expected, second, share


def mean_three_arms(mean, sd, effect, n, threshold):
    s = sd / np.sqrt(n)
    mus = [mean, mean + effect * abs(mean), mean]
    wide = np.sqrt(2) * s

    def integrand(y):
        return (
            stats.norm.pdf(y, mus[1], wide)
            * stats.norm.cdf((y - mus[0]) / wide)
            * stats.norm.cdf((y - mus[2]) / wide)
        )

    expected, _ = integrate.quad(integrand, mus[1] - 12 * wide, mus[1] + 12 * wide, epsabs=1e-13)

    def p_best(m0, m1, m2):
        x = m1 + s * GH_NODES
        return float(
            np.sum(GH_WEIGHTS * stats.norm.cdf((x - m0) / s) * stats.norm.cdf((x - m2) / s))
        )

    nodes, weights = np.polynomial.hermite_e.hermegauss(48)
    weights = weights / np.sqrt(2 * np.pi)
    share = 0.0
    for i, zi in enumerate(nodes):
        for j, zj in enumerate(nodes):
            m0, m2 = mus[0] + s * zi, mus[2] + s * zj
            lo, hi = min(m0, m2) - 20 * s, max(m0, m2) + 20 * s
            root = optimize.brentq(lambda m1: p_best(m0, m1, m2) - threshold, lo, hi, xtol=1e-12)
            share += weights[i] * weights[j] * stats.norm.sf((root - mus[1]) / s)
    return float(expected), None, float(share)


def rate_two_arms(rate, effect, n, threshold, gamma_squared=None):
    p_c, p_t = rate, rate * (1 + effect)
    lo_k = int(stats.binom.ppf(1e-12, n, min(p_c, p_t)))
    hi_k = int(stats.binom.isf(1e-12, n, max(p_c, p_t)))
    ks = np.arange(lo_k, hi_k + 1)
    pmf_c, pmf_t = stats.binom.pmf(ks, n, p_c), stats.binom.pmf(ks, n, p_t)
    x = np.linspace(max(lo_k / n - 0.02, 1e-9), min(hi_k / n + 0.02, 1 - 1e-9), 12001)
    expected = second = share = 0.0
    uniform_pdf_t = stats.beta.pdf(x[None, :], 1 + ks[:, None], 1 + n - ks[:, None])
    for c, weight_c in zip(ks, pmf_c):
        cdf_c = stats.beta.cdf(x, 1 + c, 1 + n - c)
        if gamma_squared is None:
            pdf_t = uniform_pdf_t
        else:
            m = c / n
            variance = m * m * gamma_squared + m * (1 - m) / n
            kappa = m * (1 - m) / variance - 1
            a0, b0 = (m * kappa, (1 - m) * kappa) if 0 < m < 1 and kappa > 0 else (1, 1)
            pdf_t = stats.beta.pdf(x[None, :], a0 + ks[:, None], b0 + n - ks[:, None])
        p = integrate.trapezoid(pdf_t * cdf_c[None, :], x, axis=1)
        expected += weight_c * float(np.sum(pmf_t * p))
        second += weight_c * float(np.sum(pmf_t * p * p))
        share += weight_c * float(np.sum(pmf_t[p > threshold]))
    return expected, second, share


CASES = [
    # name, baseline, arms, effect, units per arm, threshold, gamma² (None: flat prior)
    ("mean, flat prior, planned size", {"kind": "mean", "mean": 20, "sd": 8}, 2, 0.05, 1057, 0.95, None),
    ("mean, flat prior, small size", {"kind": "mean", "mean": 20, "sd": 8}, 2, 0.05, 300, 0.9, None),
    ("mean, informative prior", {"kind": "mean", "mean": 20, "sd": 8}, 2, 0.05, 1057, 0.95, 0.16),
    ("mean, flat prior, three arms", {"kind": "mean", "mean": -5, "sd": 3}, 3, 0.04, 2000, 0.95, None),
    ("rate, flat prior", {"kind": "rate", "rate": 0.1}, 2, 0.1, 2000, 0.95, None),
    ("rate, informative prior", {"kind": "rate", "rate": 0.1}, 2, 0.1, 2000, 0.95, 0.04),
]


def main():
    out = []
    for name, baseline, arms, effect, n, threshold, gamma_squared in CASES:
        if baseline["kind"] == "mean" and arms == 2:
            expected, second, share = mean_two_arms(
                baseline["mean"], baseline["sd"], effect, n, threshold, gamma_squared
            )
        elif baseline["kind"] == "mean":
            expected, second, share = mean_three_arms(
                baseline["mean"], baseline["sd"], effect, n, threshold
            )
        else:
            expected, second, share = rate_two_arms(
                baseline["rate"], effect, n, threshold, gamma_squared
            )
        case = {
            "name": name,
            "baseline": baseline,
            "arms": arms,
            "relativeEffect": effect,
            "unitsPerArm": n,
            "threshold": threshold,
            "prior": "flat" if gamma_squared is None else "informative",
            "meanProbability": expected,
            "shareAboveThreshold": share,
        }
        if gamma_squared is not None:
            case["priorRelativeVariance"] = gamma_squared
        if second is not None:
            case["sdProbability"] = float(np.sqrt(max(second - expected * expected, 0.0)))
        out.append(case)
        print(f"{name}: E[P] = {expected:.6f}, Pr(P > t) = {share:.6f}")
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump({"cases": out}, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
