import numpy as np

from mldrills.checks import Case, CheckFailed, Suite, compare, deterministic

suite = Suite()


def numbers(got, n, what):
    """The returned value as n floats (a tuple, list or array of numbers), or a clear failure."""
    arr = compare.as_array(got, what).astype(float).ravel()
    if arr.size != n:
        raise CheckFailed(f"{what}: expected {n} numbers, got {compare.short(got)}")
    return arr


def _skewed():
    """Fixed per-example losses whose differences are strongly right-skewed (n = 40)."""
    rng = np.random.default_rng(31)
    a = rng.lognormal(0.0, 1.3, 40)
    return a, a + rng.lognormal(-1.0, 1.3, 40) - 0.3


_SKEWED_RUN: list[np.ndarray] = []


def _skewed_run():
    """120,000 replicates of the paired bootstrap on the skewed data (computed once)."""
    if not _SKEWED_RUN:
        a, b = _skewed()
        d, rng = b - a, np.random.default_rng(2024)
        _SKEWED_RUN.append(np.concatenate(
            [d[rng.integers(0, 40, size=(20_000, 40))].mean(axis=1) for _ in range(6)]))
    return _SKEWED_RUN[0]


def _correlated(rng, n):
    """0/1 correctness of two models that agree on ~90% of the examples."""
    a = (rng.random(n) < 0.7).astype(int)
    b = a.copy()
    flip = rng.random(n) < 0.1
    b[flip] = 1 - b[flip]
    return a, b


@suite.check("resamples the pairs together",
             hint="draw one set of indices per replicate and use it for both models")
def paired(t):
    a, b = _correlated(t.rng, 400)
    d = b - a
    expected_sd = d.std() / np.sqrt(len(d))  # the paired bootstrap's standard error
    _, lo, hi = numbers(t.sub.paired_bootstrap_ci(a, b, 5000, 0.05, 1), 3, "(delta, lo, hi)")
    # The width of a 95% percentile interval from 5,000 replicates has a relative Monte
    # Carlo error of about 1.4% (plus up to 4% from the lattice of 0/1 means): the 15%
    # band is many of those wide, so a correct solution does not fail it, while
    # independent resampling is about 2.4x too wide on this data.
    ratio = (hi - lo) / (2 * 1.96 * expected_sd)
    unpaired = np.sqrt(a.var() + b.var()) / d.std()
    if not 0.85 < ratio < 1.15:
        msg = (f"interval width {hi - lo:.4f}, expected about {2 * 1.96 * expected_sd:.4f} "
               f"({ratio:.2f}x)\n  input: two models' 0/1 correctness on 400 examples, agreeing on "
               f"{np.mean(a == b):.0%} of them")
        why = None
        if abs(ratio - unpaired) < 0.25 * unpaired:
            why = ("likely mistake: A and B resampled independently, which ignores that they were "
                   f"scored on the same examples (that is {unpaired:.1f}x wider)")
        t.fail(msg, hint=why)


suite.add(deterministic("paired_bootstrap_ci",
                        Case.of(np.array([0.1, 0.5, 0.3, 0.9]), np.array([0.2, 0.4, 0.6, 0.7]),
                                300, 0.1, 42),
                        hint="seed one generator from the seed argument and draw everything from it"))


@suite.check("another seed gives other replicates",
             hint="use the seed argument: np.random.default_rng(seed)")
def seeds_matter(t):
    a = t.rng.random(50)
    b = a + t.rng.normal(0.05, 0.1, 50)
    results = {tuple(np.round(numbers(t.sub.paired_bootstrap_ci(a, b, 400, 0.1, seed), 3,
                                      "(delta, lo, hi)"), 12)) for seed in (1, 2, 3)}
    compare.is_true(len(results) > 1,
                    "seeds 1, 2 and 3 all gave the same interval: the seed argument is ignored",
                    inputs="50 paired continuous scores, n_boot=400, alpha=0.1")


@suite.check("one example, or identical models",
             hint="with one example every replicate is that example; identical models differ by 0")
def degenerate(t):
    got = t.sub.paired_bootstrap_ci(np.array([0.3]), np.array([0.8]), 200, 0.05, 0)
    compare.close(got, [0.5, 0.5, 0.5], atol=1e-12, what="(delta, lo, hi)", inputs="a=[0.3], b=[0.8]")
    same = t.rng.random(30)
    got = t.sub.paired_bootstrap_ci(same, same.copy(), 200, 0.05, 0)
    compare.close(got, [0.0, 0.0, 0.0], atol=1e-12, what="(delta, lo, hi)",
                  inputs="30 examples, a == b")
    got = t.sub.paired_bootstrap_ci(np.array([True, False, True]), np.array([True, True, True]),
                                    200, 0.05, 0)
    compare.close(got[0], 1 / 3, atol=1e-12, what="delta", inputs="boolean scores")


@suite.check("skewed differences: a percentile interval",
             hint="lo and hi are quantiles of the replicated differences themselves, not "
                  "delta plus or minus a multiple of their spread")
def percentile_interval(t):
    # Right-skewed differences put the percentile interval's ends at -1.73 and +2.16
    # bootstrap standard errors from delta. The normal interval (delta +- 1.96 se) misses
    # the lower end by 0.23 se and the basic (reflected) interval misses both by 0.43 se;
    # the tolerance is 0.12 se. A correct solution's own Monte Carlo error at n_boot =
    # 40,000, combined with the long run's, has a standard deviation of about 0.02 se at
    # the upper end (0.015 at the lower): a correct solution that draws differently from
    # the reference fails at most about once in 10^9 gradings, and the two mistakes above
    # are caught every time.
    a, b = _skewed()
    reps = _skewed_run()
    sd, delta = reps.std(), float(np.mean(b - a))
    _, lo, hi = numbers(t.sub.paired_bootstrap_ci(a, b, 40_000, 0.05, 5), 3, "(delta, lo, hi)")
    exp_lo, exp_hi = np.quantile(reps, [0.025, 0.975])
    if abs(lo - exp_lo) <= 0.12 * sd and abs(hi - exp_hi) <= 0.12 * sd:
        return
    why = None
    if abs(lo - (delta - 1.959964 * sd)) < 0.08 * sd and abs(hi - (delta + 1.959964 * sd)) < 0.08 * sd:
        why = ("likely mistake: a normal interval, delta +- 1.96 standard errors: the statement "
               "asks for the percentile interval, which follows the replicates' skew")
    elif abs(lo - (2 * delta - exp_hi)) < 0.12 * sd and abs(hi - (2 * delta - exp_lo)) < 0.12 * sd:
        why = ("likely mistake: the basic (reflected) interval 2*delta - quantile: the statement "
               "asks for the quantiles themselves")
    t.fail(f"expected lo ~ {exp_lo:.4f} and hi ~ {exp_hi:.4f} (give or take {0.12 * sd:.4f}), "
           f"got lo = {lo:.4f}, hi = {hi:.4f}\n  input: 40 paired losses with right-skewed "
           f"differences (delta = {delta:.4f}), n_boot=40000, alpha=0.05",
           hint=why or "take the alpha/2 and 1 - alpha/2 quantiles of the replicated differences")
