import numpy as np

from mldrills.checks import Case, CheckFailed, Suite, compare, deterministic

suite = Suite()


def numbers(got, n, what):
    """The returned value as n floats (a tuple, list or array of numbers), or a clear failure."""
    arr = compare.as_array(got, what).astype(float).ravel()
    if arr.size != n:
        raise CheckFailed(f"{what}: expected {n} numbers, got {compare.short(got)}")
    return arr


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
