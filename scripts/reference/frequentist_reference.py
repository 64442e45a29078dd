#!/usr/bin/env python3
"""Reference values for src/lib/stats/frequentist, independent of the TypeScript code.

Every figure is computed here from the published formulas (GrowthBook's gbstats conventions,
Waudby-Smith et al. 2023 for the sequential intervals, the delta method) with numpy and scipy's own
Student-t and normal distributions; where a second route exists it is taken too and the two are
asserted to agree:
  - absolute Welch tests against scipy.stats.ttest_ind_from_stats;
  - CUPED and ratio moments against numpy on the unit-level data the sums come from
    (theta = pooled np.cov / np.var, the adjusted values' own sample variance);
  - the multiple-comparison corrections by their O(m²) definitions (no sorting trick);
  - the planner's closed form by a seeded simulation of the planned experiment.

Run from the repository root:
    python3 scripts/reference/frequentist_reference.py
It writes src/lib/stats/frequentist/__fixtures__/{compare,corrections,ratio,planner,cuped-moments,student-t}.json.
Infinite interval ends are written as the strings "Infinity" / "-Infinity".
"""
import json
import math
import os

import numpy as np
from scipy import stats

OUT = os.path.join("src", "lib", "stats", "frequentist", "__fixtures__")
RNG = np.random.default_rng(20261206)


def finite(x):
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    return float(x)


# ---------------------------------------------------------------- arm moments


def arm(stats_):
    """mean, per-unit variance of y; covariate mean, variance, covariance (gbstats' Statistic classes)."""
    n = stats_["units"]
    proportion = stats_.get("kind") == "proportion"
    s, ss = stats_["sum"], stats_["sumSquares"]
    mean = s / n
    var = mean * (1 - mean) if proportion else (ss - s * s / n) / (n - 1)
    out = {"n": n, "mean": mean, "var": var, "proportion": proportion}
    if "covariateSum" in stats_:
        xs, xss, xy = stats_["covariateSum"], stats_["covariateSumSquares"], stats_["covariateCrossSum"]
        xm = xs / n
        out["xmean"] = xm
        out["xvar"] = xm * (1 - xm) if proportion else (xss - xs * xs / n) / (n - 1)
        out["cov"] = xy / n - xs * s / n**2 if proportion else (xy - xs * s / n) / (n - 1)
    return out


def pooled_theta(c, t):
    """Covariance / variance of the pooled arms (both arms as one sample)."""
    n = c["units"] + t["units"]
    joint = {
        "units": n,
        "kind": c.get("kind"),
        "sum": c["sum"] + t["sum"],
        "sumSquares": c["sumSquares"] + t["sumSquares"],
        "covariateSum": c["covariateSum"] + t["covariateSum"],
        "covariateSumSquares": c["covariateSumSquares"] + t["covariateSumSquares"],
        "covariateCrossSum": c["covariateCrossSum"] + t["covariateCrossSum"],
    }
    j = arm(joint)
    if j["xvar"] == 0 or j["var"] == 0:
        return 0.0
    return j["cov"] / j["xvar"]


# ---------------------------------------------------------------- the comparison


def sequential_rho(alpha, tuning, two_sided):
    a = alpha if two_sided else 2 * alpha
    return math.sqrt((-2 * math.log(a) + math.log(-2 * math.log(a) + 1)) / tuning)


def compare(control, treatment, opts):
    relative = opts.get("difference", "relative") == "relative"
    alpha = opts.get("alpha", 0.05)
    alternative = opts.get("alternative", "two-sided")
    distribution = opts.get("distribution", "welch-t")
    sequential = opts.get("sequential")
    cuped = opts.get("cuped", False)

    a, b = arm(control), arm(treatment)
    theta = None
    if cuped:
        theta = pooled_theta(control, treatment)
    th = theta or 0.0
    if th != 0.0:
        va = a["var"] + th * th * a["xvar"] - 2 * th * a["cov"]
        vb = b["var"] + th * th * b["xvar"] - 2 * th * b["cov"]
        ma = a["mean"] - th * a["xmean"]
        mb = b["mean"] - th * b["xmean"]
    else:
        va, vb, ma, mb = a["var"], b["var"], a["mean"], b["mean"]
    na, nb = a["n"], b["n"]
    base = a["mean"]  # unadjusted control mean
    if relative:
        estimate = (mb - ma) / abs(base)
        if th != 0.0:
            # gbstats' delta method for CUPED lifts: treatment part over n_b·base², control part with
            # gradient (−mean_b, θ) in (ȳ_a, x̄_a) over base.
            v_trt = vb / (nb * base**2)
            num = a["var"] * b["mean"] ** 2 / base**2 - 2 * th * a["cov"] * b["mean"] / base + th**2 * a["xvar"]
            variance = v_trt + num / (na * base**2)
        else:
            variance = vb / (nb * base**2) + va * mb**2 / (na * base**4)
    else:
        estimate = mb - ma
        variance = vb / nb + va / na
    se = math.sqrt(variance)
    df = (va / na + vb / nb) ** 2 / (va**2 / (na**2 * (na - 1)) + vb**2 / (nb**2 * (nb - 1)))

    if sequential:
        n = na + nb
        two = alternative == "two-sided"
        rho = sequential_rho(alpha, sequential["tuning"], two)
        s2 = se * se * n
        r2n = n * rho * rho + 1
        if two:
            half = math.sqrt(s2) * math.sqrt(2 * r2n * math.log(math.sqrt(r2n) / alpha) / (n * rho) ** 2)
            st2 = estimate**2 * n / se**2
            evalue = math.exp(rho * rho * st2 / (2 * r2n)) / math.sqrt(r2n)
            p = min(1.0, 1 / evalue)
            ci = (estimate - half, estimate + half)
        else:
            half = math.sqrt(s2 * 2 * r2n / (n * rho) ** 2 * math.log(1 + math.sqrt(r2n) / (2 * alpha)))
            ci = (estimate - half, math.inf) if alternative == "greater" else (-math.inf, estimate + half)
            p = one_sided_sequential_p(estimate, se, n, rho, alternative)
        return {"estimate": estimate, "se": se, "ci": ci, "pValue": p, "df": None, "theta": theta}

    z = estimate / se
    if distribution == "normal":
        dist = stats.norm
        df_out = None
    else:
        dist = stats.t(df)
        df_out = df
    if alternative == "two-sided":
        q = dist.ppf(1 - alpha / 2)
        ci = (estimate - q * se, estimate + q * se)
        p = 2 * dist.sf(abs(z))
    elif alternative == "greater":
        q = dist.ppf(1 - alpha)
        ci = (estimate - q * se, math.inf)
        p = dist.sf(z)
    else:
        q = dist.ppf(1 - alpha)
        ci = (-math.inf, estimate + q * se)
        p = dist.cdf(z)
    return {"estimate": estimate, "se": se, "ci": ci, "pValue": float(p), "df": df_out, "theta": theta}


def one_sided_sequential_p(estimate, se, n, rho, alternative):
    """gbstats' one-sided sequential p-value: the alpha at which the one-sided bound (rho held at the
    analysis alpha) reaches 0, by bisection on alpha in [1e-5, 0.4999] that stops once the bound is
    within 1e-6 of 0 and returns the following midpoint (at most 100 steps)."""
    lo_a, hi_a = 1e-5, 0.4999
    r2n = n * rho * rho + 1

    def bound(alpha):
        half = math.sqrt(se * se * n * 2 * r2n / (n * rho) ** 2 * math.log(1 + math.sqrt(r2n) / (2 * alpha)))
        return estimate - half if alternative == "greater" else estimate + half

    greater = alternative == "greater"
    small = bound(lo_a)
    if (greater and small > 0) or (not greater and small < 0):
        return lo_a
    big = bound(hi_a)
    if (greater and big < 0) or (not greater and big > 0):
        return hi_a
    alpha = 0.5 * (lo_a + hi_a)
    for _ in range(100):
        diff = bound(alpha)
        if (greater and diff < 0) or (not greater and diff > 0):
            lo_a = alpha
        else:
            hi_a = alpha
        alpha = 0.5 * (lo_a + hi_a)
        if abs(diff) < 1e-6:
            break
    return alpha


# ---------------------------------------------------------------- unit-level data


def sums(y, x=None, kind="mean"):
    out = {"units": int(len(y)), "sum": float(np.sum(y)), "sumSquares": float(np.sum(y * y))}
    if kind == "proportion":
        out["kind"] = "proportion"
    if x is not None:
        out["covariateSum"] = float(np.sum(x))
        out["covariateSumSquares"] = float(np.sum(x * x))
        out["covariateCrossSum"] = float(np.sum(x * y))
    return out


def check_cuped_against_units(yc, xc, yt, xt, kind, result):
    """theta and the absolute CUPED variance from the units themselves."""
    ddof = 0 if kind == "proportion" else 1
    y = np.concatenate([yc, yt])
    x = np.concatenate([xc, xt])
    theta = np.cov(x, y, ddof=ddof)[0, 1] / np.var(x, ddof=ddof)
    assert abs(theta - result["theta"]) <= 1e-9 * abs(theta), (theta, result["theta"])
    if kind == "mean":
        adj_c = yc - theta * xc
        adj_t = yt - theta * xt
        var = np.var(adj_c, ddof=1) / len(yc) + np.var(adj_t, ddof=1) / len(yt)
        return var


def gbstats_published():
    """Inputs of the cases in gbstats' own frequentist test suite (their expected values, rounded to
    5 decimals, are asserted in the TypeScript test)."""
    a = {"units": 3407, "sum": 1396.87, "sumSquares": 52377.9767}
    b = {"units": 3461, "sum": 2422.7, "sumSquares": 134698.29}
    a3000 = dict(a, units=3000)
    cases = [
        ("gbstats two-sided relative", a, b, {}),
        ("gbstats two-sided absolute", a, b, {"difference": "absolute"}),
        ("gbstats two-sided proportion", {"units": 28, "sum": 14, "sumSquares": 14, "kind": "proportion"},
         {"units": 30, "sum": 16, "sumSquares": 16, "kind": "proportion"}, {}),
        ("gbstats sequential tuning 1000", a3000, b, {"sequential": {"tuning": 1000}}),
        ("gbstats sequential proportion", {"units": 3000, "sum": 1396, "sumSquares": 1396, "kind": "proportion"},
         {"units": 3461, "sum": 2422, "sumSquares": 2422, "kind": "proportion"}, {"sequential": {"tuning": 5000}}),
        ("gbstats sequential CUPED", dict(a3000, covariateSum=16.87, covariateSumSquares=527.9767, covariateCrossSum=1),
         dict(b, covariateSum=22.7, covariateSumSquares=1348.29, covariateCrossSum=1),
         {"sequential": {"tuning": 5000}, "cuped": True}),
        ("gbstats one-sided greater", a3000, b, {"alternative": "greater"}),
        ("gbstats one-sided greater absolute", a3000, b, {"alternative": "greater", "difference": "absolute"}),
        ("gbstats one-sided less", a3000, b, {"alternative": "less"}),
        ("gbstats one-sided less absolute", a3000, b, {"alternative": "less", "difference": "absolute"}),
        ("gbstats sequential greater", a3000, b, {"alternative": "greater", "sequential": {"tuning": 5000}}),
        ("gbstats sequential greater absolute", a3000, b,
         {"alternative": "greater", "difference": "absolute", "sequential": {"tuning": 5000}}),
        ("gbstats sequential less", a3000, b, {"alternative": "less", "sequential": {"tuning": 5000}}),
        ("gbstats sequential less absolute", a3000, b,
         {"alternative": "less", "difference": "absolute", "sequential": {"tuning": 5000}}),
    ]
    return cases


def compare_cases():
    cases = []

    def add(name, control, treatment, opts, **extra):
        result = compare(control, treatment, opts)
        case = {"name": name, "control": control, "treatment": treatment, "options": opts}
        case["expected"] = {
            "estimate": result["estimate"],
            "se": result["se"],
            "ci": [finite(result["ci"][0]), finite(result["ci"][1])],
            "pValue": result["pValue"],
            "df": result["df"],
            "theta": result["theta"],
        }
        case.update(extra)
        cases.append(case)
        return result

    for name, c, t, opts in gbstats_published():
        add(name, c, t, opts)

    # A grid on unit-level data: means (lognormal-ish revenue) and proportions, with a covariate.
    grid = []
    yc = RNG.gamma(2.0, 5.0, 1800)
    xc = 0.6 * yc + RNG.normal(0, 3, 1800)
    yt = RNG.gamma(2.0, 5.3, 2100)
    xt = 0.6 * yt / 1.06 + RNG.normal(0, 3, 2100)
    grid.append(("mean", yc, xc, yt, xt))
    pc = (RNG.random(5000) < 0.11).astype(float)
    pxc = np.where(RNG.random(5000) < 0.5, pc, (RNG.random(5000) < 0.11).astype(float))
    pt = (RNG.random(4800) < 0.125).astype(float)
    pxt = np.where(RNG.random(4800) < 0.5, pt, (RNG.random(4800) < 0.11).astype(float))
    grid.append(("proportion", pc, pxc, pt, pxt))
    # Negative control mean (the relative difference divides by |mean|).
    nyc = RNG.normal(-4.0, 6.0, 400)
    nxc = nyc + RNG.normal(0, 4, 400)
    nyt = RNG.normal(-3.2, 6.5, 380)
    nxt = nyt + RNG.normal(0, 4, 380)
    grid.append(("mean-negative", nyc, nxc, nyt, nxt))
    # Small arms (df far from normal).
    syc = RNG.normal(10, 3, 6)
    sxc = syc + RNG.normal(0, 1, 6)
    syt = RNG.normal(13, 6, 9)
    sxt = syt + RNG.normal(0, 1, 9)
    grid.append(("mean-small", syc, sxc, syt, sxt))

    for label, yc_, xc_, yt_, xt_ in grid:
        kind = "proportion" if label == "proportion" else "mean"
        c_plain, t_plain = sums(yc_, None, kind), sums(yt_, None, kind)
        c_cov, t_cov = sums(yc_, xc_, kind), sums(yt_, xt_, kind)
        for difference in ("relative", "absolute"):
            for alternative in ("two-sided", "greater", "less"):
                for distribution in ("welch-t", "normal"):
                    for alpha in (0.05, 0.1):
                        opts = {"difference": difference, "alternative": alternative,
                                "distribution": distribution, "alpha": alpha}
                        r = add(f"{label} {difference} {alternative} {distribution} alpha {alpha}",
                                c_plain, t_plain, opts)
                        if kind == "mean" and difference == "absolute" and distribution == "welch-t":
                            # Second route: scipy's own Welch test on the same moments.
                            sd_c = math.sqrt(np.var(yc_, ddof=1))
                            sd_t = math.sqrt(np.var(yt_, ddof=1))
                            alt = {"two-sided": "two-sided", "greater": "greater", "less": "less"}[alternative]
                            w = stats.ttest_ind_from_stats(np.mean(yt_), sd_t, len(yt_), np.mean(yc_), sd_c,
                                                           len(yc_), equal_var=False, alternative=alt)
                            assert abs(w.pvalue - r["pValue"]) <= 1e-9 * w.pvalue, (w.pvalue, r["pValue"])
                        r = add(f"{label} CUPED {difference} {alternative} {distribution} alpha {alpha}",
                                c_cov, t_cov, dict(opts, cuped=True))
                        if difference == "absolute":
                            var = check_cuped_against_units(yc_, xc_, yt_, xt_, kind, r)
                            if var is not None:
                                assert abs(var - r["se"] ** 2) <= 1e-9 * var, (var, r["se"] ** 2)
        for alternative in ("two-sided", "greater", "less"):
            for tuning in (500, 5000, 50000):
                for cuped in (False, True):
                    for difference in ("relative", "absolute"):
                        add(f"{label} sequential N*={tuning} {difference} {alternative} cuped={cuped}",
                            c_cov if cuped else c_plain, t_cov if cuped else t_plain,
                            {"difference": difference, "alternative": alternative,
                             "sequential": {"tuning": tuning}, "cuped": cuped})

    # The revenue arms swapped: a decrease, so the 'less' sequential p-values come from the search.
    c_cov, t_cov = sums(yt, xt), sums(yc, xc)
    for tuning in (500, 5000):
        for cuped in (False, True):
            for difference in ("relative", "absolute"):
                add(f"decrease sequential N*={tuning} {difference} less cuped={cuped}",
                    c_cov if cuped else sums(yt), t_cov if cuped else sums(yc),
                    {"difference": difference, "alternative": "less", "sequential": {"tuning": tuning},
                     "cuped": cuped})

    # A large, clearly significant effect: tiny p-values keep their relative precision.
    big_c = {"units": 200000, "sum": 2000000.0, "sumSquares": 2000000.0 * 10 + 199999 * 25.0}
    big_t = {"units": 200000, "sum": 2040000.0, "sumSquares": 2040000.0 * 10.2 + 199999 * 25.0}
    for alternative in ("two-sided", "greater"):
        add(f"large arms tiny p {alternative}", big_c, big_t, {"alternative": alternative})
        add(f"large arms tiny p {alternative} sequential", big_c, big_t,
            {"alternative": alternative, "sequential": {"tuning": 5000}})
    # Covariate without variance: theta 0, the unadjusted analysis.
    flat_c = dict(sums(yc, None), covariateSum=1800.0, covariateSumSquares=1800.0,
                  covariateCrossSum=float(np.sum(yc)))
    flat_t = dict(sums(yt, None), covariateSum=2100.0, covariateSumSquares=2100.0,
                  covariateCrossSum=float(np.sum(yt)))
    add("CUPED with a constant covariate falls back to theta 0", flat_c, flat_t, {"cuped": True})
    return cases


# ---------------------------------------------------------------- corrections


def bonferroni(p):
    m = len(p)
    return [min(1.0, m * v) for v in p]


def holm(p):
    """adj_i = max over every p_j ≤ p_i (ranked before i, ties by index) of min(1, (m − rank_j + 1) p_j)."""
    m = len(p)
    order = sorted(range(m), key=lambda i: (p[i], i))
    rank = {i: r + 1 for r, i in enumerate(order)}
    out = []
    for i in range(m):
        out.append(max(min(1.0, (m - rank[j] + 1) * p[j]) for j in range(m) if rank[j] <= rank[i]))
    return out


def bh(p):
    """adj_i = min over every p_j ranked at or after i of min(1, m p_j / rank_j)."""
    m = len(p)
    order = sorted(range(m), key=lambda i: (p[i], i))
    rank = {i: r + 1 for r, i in enumerate(order)}
    out = []
    for i in range(m):
        out.append(min(min(1.0, m * p[j] / rank[j]) for j in range(m) if rank[j] >= rank[i]))
    return out


def correction_cases():
    inputs = [
        ("one p-value", [0.03]),
        ("sorted", [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]),
        ("unsorted", [0.042, 0.001, 0.216, 0.039, 0.06, 0.008, 0.212, 0.041, 0.205, 0.074]),
        ("ties", [0.02, 0.01, 0.02, 0.04, 0.01, 0.02, 0.5]),
        ("all equal", [0.03, 0.03, 0.03, 0.03]),
        ("with 0 and 1", [0.0, 1.0, 0.2, 0.0004, 1.0]),
        ("clamped at 1", [0.4, 0.6, 0.9]),
        ("tiny", [1e-300, 3e-12, 2e-12, 0.5]),
    ]
    uniform = RNG.random(40) ** 3
    inputs.append(("40 random", [float(v) for v in uniform]))
    cases = []
    for name, p in inputs:
        cases.append({"name": name, "pValues": p, "bonferroni": bonferroni(p), "holm": holm(p),
                      "benjamini-hochberg": bh(p)})
    return cases


# ---------------------------------------------------------------- ratio moments


def ratio_arm(n, dmean, rate):
    d = RNG.poisson(dmean, n).astype(float) + 1.0
    y = RNG.gamma(2.0, rate / 2.0, n) * d
    stats_ = {"units": n, "sum": float(y.sum()), "sumSquares": float((y * y).sum()),
              "denominatorSum": float(d.sum()), "denominatorSumSquares": float((d * d).sum()),
              "crossSum": float((y * d).sum())}
    return y, d, stats_


def ratio_unit_variance(y, d):
    """The delta method's per-unit variance from numpy's covariance matrix of (y, d)."""
    cov = np.cov(np.vstack([y, d]), ddof=1)
    g = np.array([1 / d.mean(), -y.mean() / d.mean() ** 2])
    return float(g @ cov @ g)


def ratio_comparison_cases():
    """Two ratio arms compared as gbstats compares RatioStatistics: mean R, per-unit variance from the
    delta method, then the same relative/absolute difference and Welch df."""
    cases = []
    yc, dc, c = ratio_arm(1500, 2.2, 35.0)
    yt, dt, t = ratio_arm(1400, 2.3, 37.0)
    rc, rt = yc.sum() / dc.sum(), yt.sum() / dt.sum()
    vc, vt = ratio_unit_variance(yc, dc), ratio_unit_variance(yt, dt)
    nc, nt = len(yc), len(yt)
    df = (vc / nc + vt / nt) ** 2 / (vc**2 / (nc**2 * (nc - 1)) + vt**2 / (nt**2 * (nt - 1)))
    for difference in ("relative", "absolute"):
        if difference == "relative":
            est = (rt - rc) / abs(rc)
            se = math.sqrt(vt / (nt * rc**2) + vc * rt**2 / (nc * rc**4))
        else:
            est = rt - rc
            se = math.sqrt(vt / nt + vc / nc)
        q = stats.t.ppf(0.975, df)
        p = 2 * stats.t.sf(abs(est / se), df)
        cases.append({"difference": difference, "control": c, "treatment": t, "estimate": est, "se": se,
                      "ci": [est - q * se, est + q * se], "pValue": float(p), "df": df})
    return cases


def ratio_cases():
    cases = []
    specs = [("revenue per order", 3000, 2.2, 35.0), ("clicks per session", 500, 3.0, 0.4),
             ("small", 5, 1.5, 2.0)]
    for name, n, dmean, rate in specs:
        d = RNG.poisson(dmean, n).astype(float) + 1.0
        y = RNG.gamma(2.0, rate / 2.0, n) * d
        stats_ = {"units": n, "sum": float(y.sum()), "sumSquares": float((y * y).sum()),
                  "denominatorSum": float(d.sum()), "denominatorSumSquares": float((d * d).sum()),
                  "crossSum": float((y * d).sum())}
        # The delta method from numpy's covariance matrix of (y, d): gradient (1/d̄, −ȳ/d̄²).
        cov = np.cov(np.vstack([y, d]), ddof=1)
        g = np.array([1 / d.mean(), -y.mean() / d.mean() ** 2])
        variance = float(g @ cov @ g) / n
        cases.append({"name": name, "arm": stats_, "mean": float(y.sum() / d.sum()), "variance": variance})
    return cases


# ---------------------------------------------------------------- planner


def z(p):
    return float(stats.norm.ppf(p))


def plan_n(mean, sd, effect, alpha, power, alternative, arms):
    tests = arms - 1
    a = alpha / tests
    k = (z(1 - a / 2) if alternative == "two-sided" else z(1 - a)) + z(power)
    s = 1.0 if mean > 0 else -1.0
    return k * k * (sd / mean) ** 2 * (1 + (1 + s * effect) ** 2) / effect**2


def plan_mde(mean, sd, n, alpha, power, alternative, arms):
    a = alpha / (arms - 1)
    k = (z(1 - a / 2) if alternative == "two-sided" else z(1 - a)) + z(power)
    q = k * k * (sd / mean) ** 2 / n
    s = 1.0 if mean > 0 else -1.0
    # Δ²(1 − q) − 2qsΔ − 2q = 0, numpy's root finder.
    roots = np.roots([1 - q, -2 * q * s, -2 * q])
    roots = sorted(float(r.real) for r in roots)
    return roots[0] if alternative == "less" else roots[1]


def simulate_power(mean, sd, effect, n, alpha, alternative, arms, sims, rng):
    """Share of simulated experiments whose relative delta-method z-test rejects (Bonferroni over the
    arms − 1 comparisons, as planned), normal unit values."""
    a = alpha / (arms - 1)
    yc = rng.normal(mean, sd, (sims, n))
    yt = rng.normal(mean + effect * abs(mean), sd, (sims, n))
    mc, mt = yc.mean(axis=1), yt.mean(axis=1)
    vc, vt = yc.var(axis=1, ddof=1), yt.var(axis=1, ddof=1)
    lift = (mt - mc) / np.abs(mc)
    se = np.sqrt(vt / (n * mc**2) + vc * mt**2 / (n * mc**4))
    zstat = lift / se
    if alternative == "two-sided":
        reject = np.abs(zstat) > z(1 - a / 2)
    elif alternative == "greater":
        reject = zstat > z(1 - a)
    else:
        reject = zstat < -z(1 - a)
    return float(reject.mean())


def planner_cases():
    rng = np.random.default_rng(17)
    cases = []
    specs = [
        (10.0, 5.0, 0.05, 2, 0.05, 0.8, "two-sided"),
        (10.0, 5.0, 0.05, 3, 0.05, 0.8, "two-sided"),
        (0.1, math.sqrt(0.09), 0.1, 2, 0.05, 0.9, "two-sided"),
        (0.1, math.sqrt(0.09), 0.2, 4, 0.1, 0.8, "greater"),
        (50.0, 40.0, -0.1, 2, 0.05, 0.8, "less"),
        (-20.0, 15.0, 0.08, 2, 0.05, 0.8, "two-sided"),
        (3.0, 9.0, 0.3, 2, 0.01, 0.95, "two-sided"),
    ]
    for mean, sd, effect, arms, alpha, power, alternative in specs:
        exact = plan_n(mean, sd, effect, alpha, power, alternative, arms)
        units = math.ceil(exact)
        case = {"input": {"baselineMean": mean, "baselineSd": sd, "relativeEffect": effect, "arms": arms,
                          "alpha": alpha, "power": power, "alternative": alternative},
                "unitsPerArm": units, "unrounded": exact}
        if units <= 3000:
            sims = 4000
            simulated = simulate_power(mean, sd, effect, units, alpha, alternative, arms, sims, rng)
            case["simulation"] = {"experiments": sims, "seed": 17, "power": simulated,
                                  "standardError": math.sqrt(power * (1 - power) / sims)}
        cases.append(case)
    mde_cases = []
    for mean, sd, n, alpha, power, alternative in [
        (10.0, 5.0, 1000, 0.05, 0.8, "two-sided"),
        (0.1, 0.3, 20000, 0.05, 0.8, "two-sided"),
        (0.1, 0.3, 20000, 0.05, 0.8, "greater"),
        (0.1, 0.3, 20000, 0.05, 0.8, "less"),
        (-5.0, 12.0, 3000, 0.1, 0.9, "two-sided"),
        (-5.0, 12.0, 3000, 0.1, 0.9, "less"),
        (2.0, 10.0, 250, 0.05, 0.8, "two-sided"),
    ]:
        mde = plan_mde(mean, sd, n, alpha, power, alternative, 2)
        # Round trip: the planned n for this MDE is n itself.
        back = plan_n(mean, sd, mde, alpha, power, alternative, 2)
        assert abs(back - n) <= 1e-8 * n, (back, n)
        mde_cases.append({"input": {"baselineMean": mean, "baselineSd": sd, "unitsPerArm": n, "alpha": alpha,
                                    "power": power, "alternative": alternative}, "relativeEffect": mde})
    return {"sampleSize": cases, "mde": mde_cases}


# ---------------------------------------------------------------- Bayesian CUPED moments


def cuped_moment_cases():
    cases = []
    y = RNG.gamma(2.0, 5.0, 700)
    x = 0.7 * y + RNG.normal(0, 2, 700)
    for theta, centre in [(0.0, 0.0), (0.8, 0.0), (0.8, 6.5), (-0.3, 2.0)]:
        adjusted = y - theta * (x - centre)
        cases.append({"arm": sums(y, x), "theta": theta, "covariateMean": centre,
                      "expected": {"units": 700, "sum": float(adjusted.sum()),
                                   "sumSquares": float((adjusted * adjusted).sum())}})
    return cases


def student_t_cases():
    cases = []
    for df in (1, 2.5, 7, 30.7, 250, 6443.25, 1e5, 1e7):
        for p in (1e-12, 1e-6, 0.001, 0.025, 0.05, 0.1, 0.3, 0.7, 0.95, 0.975):
            cases.append({"df": df, "p": p, "quantile": float(stats.t.ppf(p, df))})
        for t in (-40.0, -3.0, -0.5, 0.0, 1e-3, 1.0, 2.5, 8.0, 40.0):
            sf = float(stats.t.sf(t, df))
            if sf > 1e-290:  # below that scipy's double rounds to 0 or a denormal
                cases.append({"df": df, "t": t, "sf": sf})
    return cases


def write(name, payload):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("compare.json", {"generator": "scripts/reference/frequentist_reference.py", "cases": compare_cases()})
    write("corrections.json", {"cases": correction_cases()})
    write("ratio.json", {"cases": ratio_cases(), "comparisons": ratio_comparison_cases()})
    write("planner.json", planner_cases())
    write("cuped-moments.json", {"cases": cuped_moment_cases()})
    write("student-t.json", {"cases": student_t_cases()})


if __name__ == "__main__":
    main()
