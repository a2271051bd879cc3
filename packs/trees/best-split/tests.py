import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()

EXAMPLE = (
    np.array([[0, -1], [1, 2], [2, -1], [3, 1], [1, 0], [2, -1]]),
    np.array([-2.0, 1.5, -1.0, 2.0, -2.5, -1.5]),
    np.array([1.0, 1.0, 0.5, 1.0, 0.5, 1.0]),
)


def candidate_sums(codes, g, h, split):
    """(G_L, H_L, n_L, G_R, H_R, n_R) of a named split."""
    col = codes[:, split["feature"]]
    left = (col >= 0) & (col <= split["threshold"])
    if split["default_left"]:
        left |= col < 0
    return (
        g[left].sum(),
        h[left].sum(),
        int(left.sum()),
        g[~left].sum(),
        h[~left].sum(),
        int((~left).sum()),
    )


def check_split(t, codes, g, h, n_bins, reg_lambda, gamma, mcw, label):
    """Compare best_split with the reference, explaining a wrong choice by its true gain."""
    inputs = (
        f"{label}: {codes.shape[0]} rows, {codes.shape[1]} features, n_bins={n_bins}, "
        f"reg_lambda={reg_lambda}, gamma={gamma}, min_child_weight={mcw}"
    )
    got = t.sub.best_split(codes, g, h, n_bins, reg_lambda, gamma, mcw)
    expected = t.ref.best_split(codes, g, h, n_bins, reg_lambda, gamma, mcw)
    keys = ("feature", "threshold", "default_left", "gain")
    if got is not None:
        compare.is_true(
            isinstance(got, dict) and set(keys) <= set(got),
            f"expected None or a dict with keys {list(keys)}, got {compare.short(got)}",
            inputs=inputs,
        )
        G_L, H_L, n_L, G_R, H_R, n_R = candidate_sums(codes, g, h, got)
        true_gain = t.ref.split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma)
        if n_L == 0 or n_R == 0:
            t.fail(f"your split {got} leaves a child with no rows\n  input: {inputs}")
        if min(H_L, H_R) < mcw:
            t.fail(
                f"your split {got} gives a child a hessian sum of {min(H_L, H_R):.6g}, below "
                f"min_child_weight={mcw}\n  input: {inputs}",
                hint="both children need a hessian sum >= min_child_weight",
            )
    if expected is None:
        if got is not None:
            t.fail(
                f"expected None (no valid split gains more than 0), got {got}; by the formula "
                f"that split gains {true_gain:.6g}\n  input: {inputs}",
                hint="subtract gamma, and keep the node a leaf unless the gain is > 0",
            )
        return
    if got is None:
        t.fail(f"expected {expected}, got None\n  input: {inputs}")
    chosen = (got["feature"], got["threshold"], bool(got["default_left"]))
    best = (expected["feature"], expected["threshold"], expected["default_left"])
    if chosen != best:
        msg = (
            f"expected the split {expected}, got {got}\n  your split's gain by the formula is "
            f"{true_gain:.9g}, the best is {expected['gain']:.9g}"
        )
        hint = None
        if np.isclose(true_gain, expected["gain"], rtol=1e-9, atol=0):
            hint = (
                "equal gains: break ties by the smallest feature, then threshold, then "
                "missing values to the right"
            )
        elif expected["default_left"] and not got["default_left"]:
            hint = "likely mistake: missing values are never tried on the left"
        t.fail(msg + f"\n  input: {inputs}", hint=hint)
    compare.close(got["gain"], expected["gain"], what="gain", rtol=1e-9, atol=1e-12, inputs=inputs)


def random_node(rng, n, d, n_bins, missing=0.0):
    codes = rng.integers(0, n_bins, (n, d))
    codes[rng.random((n, d)) < missing] = -1
    g = rng.normal(size=n) + 0.8 * (codes[:, 0] > n_bins // 2)  # some signal in feature 0
    h = rng.uniform(0.05, 1.0, n)
    return codes, g, h


def no_half(G_L, H_L, G_R, H_R, lam, gamma):
    return (
        2
        * (
            0.5
            * (G_L**2 / (H_L + lam) + G_R**2 / (H_R + lam) - (G_L + G_R) ** 2 / (H_L + H_R + lam))
        )
        - gamma
    )


suite.add(
    same_as_reference(
        "split_gain",
        [
            Case.of(-7.0, 3.0, 3.5, 2.0, 1.0, 0.0, label="the statement's example"),
            Case.of(4.0, 2.0, -1.0, 3.0, 0.5, 0.3, label="lambda and gamma"),
            Case.of(1.0, 0.5, 1.0, 0.5, 2.0, 0.0, label="identical children gain nothing"),
        ],
        name="split_gain follows the formula",
        rtol=1e-12,
        atol=1e-12,
        mistakes={
            "lambda left out of the denominators": lambda GL, HL, GR, HR, lam, gamma: (
                0.5 * (GL**2 / HL + GR**2 / HR - (GL + GR) ** 2 / (HL + HR)) - gamma
            ),
            "the factor 1/2 is missing": no_half,
            "gamma not subtracted": lambda GL, HL, GR, HR, lam, gamma: (
                0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam) - (GL + GR) ** 2 / (HL + HR + lam))
            ),
            "the parent's score is not subtracted": lambda GL, HL, GR, HR, lam, gamma: (
                0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam)) - gamma
            ),
        },
        hint="half of (left score + right score - parent score), minus gamma; lambda in every denominator",
    )
)


@suite.check("the statement's example", hint="try every threshold with missing rows on each side")
def statement(t):
    codes, g, h = EXAMPLE
    check_split(t, codes, g, h, 4, 1.0, 0.0, 1.0, "the example")
    check_split(t, codes, g, h, 4, 1.0, 10.0, 1.0, "the example with gamma=10")


@suite.check(
    "a random node without missing values",
    hint="prefix sums of the per-bin sums give G_L, H_L for every threshold; G_R = G - G_L",
)
def random_no_missing(t):
    codes, g, h = random_node(t.rng, 200, 3, 16)
    check_split(t, codes, g, h, 16, 1.0, 0.0, 1.0, "random node")
