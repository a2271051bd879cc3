import math

import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def _reference_u(x, y):
    """U of x by counting pairs (ties one half)."""
    x, y = np.asarray(x, float)[:, None], np.asarray(y, float)[None, :]
    return float(np.sum(x > y) + 0.5 * np.sum(x == y))


def _smaller_u(x, y):
    u = _reference_u(x, y)
    n_x, n_y = len(x), len(y)
    _, counts = np.unique(np.concatenate([x, y]), return_counts=True)
    n = n_x + n_y
    sd = math.sqrt(n_x * n_y / 12 * ((n + 1) - np.sum(counts**3 - counts) / (n * (n - 1))))
    p = min(1.0, math.erfc((abs(u - n_x * n_y / 2) - 0.5) / sd / math.sqrt(2)))
    return min(u, n_x * n_y - u), p


MISTAKES = {"the smaller of U_x and U_y returned: report the U of x": _smaller_u}


def _random_cases(rng):
    cases = []
    # (4000, 3000, 8): ties at scale, where numpy's default sort scrambles tied values' order
    for n_x, n_y, levels in ((1, 3, 3), (12, 9, 5), (80, 120, 1000), (400, 300, 20), (4000, 3000, 8)):
        x = rng.integers(0, levels, n_x) + 0.3 * rng.integers(0, 2)
        y = rng.integers(0, levels, n_y)
        cases.append(Case.of(x.astype(float), y.astype(float), label=f"{n_x} vs {n_y}, {levels} levels"))
    return cases


suite.add(
    same_as_reference(
        "mann_whitney_u",
        [
            Case.of(np.array([8.0, 9.5, 7.7, 9.1]), np.array([1.0, 2.0, 8.5]), label="x mostly larger"),
            Case.of(np.array([5, 6, 7]), np.array([1, 2, 3, 4]), label="every x above every y"),
        ],
        name="U belongs to x",
        rtol=1e-9,
        atol=1e-12,
        hint="report U of x, even when it is the larger of the two",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "mann_whitney_u",
        [
            Case.of(np.array([4.0, 4.0, 4.0]), np.array([4.0, 4.0]), label="every value identical"),
            Case.of(np.array([2.0]), np.array([2.0]), label="one value each, equal"),
        ],
        name="all values tied",
        hint="with every value equal sigma is 0: the statement asks for p = 1",
    ),
    same_as_reference(
        "mann_whitney_u",
        [
            Case.of(np.array([1.0]), np.array([0.0]), label="one value each"),
            Case.of(np.array([1e300, -1e300, 0.0]), np.array([1e-300, 5.0]), label="extreme magnitudes"),
            Case.of(np.arange(50.0), np.arange(50.0) + 0.5, label="interleaved: U near mu, p = 1"),
        ],
        name="edge cases",
        rtol=1e-9,
        atol=1e-12,
        hint="|U - mu| can be below 1/2: the p-value is capped at 1",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "mann_whitney_u",
        _random_cases,
        name="random inputs",
        hint="average ranks for ties, the tie-corrected variance, |U - mu| - 1/2 in z, both tails",
        rtol=1e-9,
        atol=1e-12,
        mistakes=MISTAKES,
    ),
)


@suite.check("swapping the samples mirrors U",
             hint="U_x + U_y = n_x * n_y, and the two-sided p-value does not depend on the order")
def swap_symmetry(t):
    x, y = t.rng.integers(0, 8, 15).astype(float), t.rng.integers(1, 9, 11).astype(float)
    u_xy, p_xy = np.asarray(t.sub.mann_whitney_u(x, y), dtype=float).ravel()
    u_yx, p_yx = np.asarray(t.sub.mann_whitney_u(y, x), dtype=float).ravel()
    compare.close([u_xy + u_yx, p_yx], [len(x) * len(y), p_xy], rtol=1e-9, atol=1e-12,
                  what="(U(x, y) + U(y, x), p(y, x)) against (n_x * n_y, p(x, y))",
                  inputs="15 and 11 small integers")
