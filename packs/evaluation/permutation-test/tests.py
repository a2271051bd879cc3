import itertools

import numpy as np

from mldrills.checks import CheckFailed, Suite, compare

suite = Suite()


def numbers(got, n, what):
    """The returned value as n floats (a tuple, list or array of numbers), or a clear failure."""
    arr = compare.as_array(got, what).astype(float).ravel()
    if arr.size != n:
        raise CheckFailed(f"{what}: expected {n} numbers, got {compare.short(got)}")
    return arr


def exact_p_values(x, y):
    """Exact permutation p-values over every split, for the statement's rule and for mistakes."""
    pooled = np.concatenate([x, y]).astype(float)
    idx = np.array(list(itertools.combinations(range(len(pooled)), len(x))))  # (M, n_x)
    x_sum = pooled[idx].sum(axis=1)
    t = x_sum / len(x) - (pooled.sum() - x_sum) / len(y)  # (M,) every split's statistic
    obs = x.mean() - y.mean()
    return {
        None: np.mean(np.abs(t) >= abs(obs) - 1e-9),
        "one-sided p-value: count |T*| >= |T|, both tails": np.mean(t >= obs - 1e-9),
        "ties not counted: |T*| equal to |T| (up to rounding) counts as at least as extreme":
            np.mean(np.abs(t) > abs(obs) + 1e-9),
    }


def bootstrap_p(x, y, draws=200_000):
    """The p-value a bootstrap of the pool (draws with replacement) converges to, by a long run."""
    pooled = np.concatenate([x, y]).astype(float)
    rng = np.random.default_rng(17)
    sample = pooled[rng.integers(0, len(pooled), size=(draws, len(pooled)))]
    t = sample[:, : len(x)].mean(axis=1) - sample[:, len(x) :].mean(axis=1)
    return np.mean(np.abs(t) >= abs(x.mean() - y.mean()) - 1e-9)


def check_p_value(t, x, y, what, n_perm=20_000):
    """The learner's p must match the exact permutation p-value up to Monte Carlo error."""
    observed, p = numbers(t.sub.permutation_test(x, y, n_perm, 3), 2, "(observed, p_value)")
    compare.close(observed, x.mean() - y.mean(), rtol=1e-9, atol=1e-12, what=f"observed ({what})",
                  inputs=f"x={np.round(x, 3).tolist()}, y={np.round(y, 3).tolist()}",
                  diagnose={"the statistic is mean(x) - mean(y)": y.mean() - x.mean()})
    exact = exact_p_values(x, y)
    # 5 Monte Carlo standard errors (plus the +1 correction's shift): a correct solution
    # that draws its permutations differently from the reference fails one comparison
    # about once in 2 million gradings; the seed is fixed, so the reference never does.
    tol = lambda q: 5 * np.sqrt(max(q * (1 - q), 1e-4) / n_perm) + 2 / (n_perm + 1)  # noqa: E731
    if abs(p - exact[None]) > tol(exact[None]):
        exact["the pooled values were drawn with replacement (a bootstrap): a permutation "
              "shuffles them, so each value lands in exactly one group"] = bootstrap_p(x, y)
        why = next((m for m, q in exact.items() if m and abs(p - q) <= tol(q)), None)
        if why is None and p >= 0.999:
            why = ("every permutation was as extreme as the data: the groups were shuffled "
                   "separately? Shuffle the pooled values, then split them")
        t.fail(f"p-value ({what}): expected about {exact[None]:.4f} (exact permutation p-value; "
               f"Monte Carlo tolerance {tol(exact[None]):.4f}), got {p:.4f}\n  input: "
               f"x={np.round(x, 3).tolist()}, y={np.round(y, 3).tolist()}, n_perm={n_perm}",
               hint=f"likely mistake: {why}" if why else None)


@suite.check("p-value matches the exact permutation distribution",
             hint="pool the values, shuffle, split into groups of the original sizes, and count "
                  "statistics at least as extreme in absolute value")
def matches_exact(t):
    check_p_value(t, np.array([12.1, 9.8, 15.3, 11.0, 13.4]),
                  np.array([8.2, 10.1, 7.5, 9.9, 8.8, 10.4]), "the statement's example")
    check_p_value(t, np.array([5.1, 6.3, 4.8, 7.0, 5.9, 6.1, 5.4]),
                  np.array([5.6, 4.9, 5.2, 6.0, 4.4, 5.0, 5.3]), "a modest difference")
