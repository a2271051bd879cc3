import numpy as np

from mldrills.checks import Case, CheckFailed, Suite, compare, same_as_reference

suite = Suite()


def numbers(got, n, what):
    """The returned value as n floats (a tuple, list or array of numbers), or a clear failure."""
    arr = compare.as_array(got, what).astype(float).ravel()
    if arr.size != n:
        raise CheckFailed(f"{what}: expected {n} numbers, got {compare.short(got)}")
    return arr


def _targets(y):
    y = np.asarray(y).astype(bool)
    return np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))


def _gradient(a, b, s, t):
    """Gradient of the cross-entropy in (a, b), divided by n."""
    p = 1.0 / (1.0 + np.exp(-np.clip(a * s + b, -700, 700)))
    return np.array([np.mean((p - t) * s), np.mean(p - t)])


def _random_cases(rng):
    cases = []
    for n, spread in ((10, 1.0), (200, 3.0), (1000, 0.2)):
        y = rng.integers(0, 2, n)
        cases.append(Case.of(rng.normal(size=n) * spread + 1.5 * y - 0.3, y, label=f"n={n}"))
    return cases


def _large_cases(rng):
    y, y32 = rng.integers(0, 2, 60), rng.integers(0, 2, 200)
    return [
        Case.of(rng.normal(size=60) * 300 + 200 * y, y, label="scores of several hundred"),
        # float32 margins near 1e4: exp(-z) overflows float32 long before float64
        Case.of((rng.normal(size=200) * 3e3 + 1e4 + 2e3 * y32).astype(np.float32), y32,
                label="float32 scores around 1e4"),
    ]


suite.add(
    same_as_reference(
        "fit_platt",
        [
            Case.of(np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]), np.array([0, 0, 0, 1, 1, 1]),
                    label="scores separate the classes perfectly"),
            Case.of(np.array([0.1, 0.2, 0.3, 0.9]), np.array([0, 0, 0, 1]),
                    label="one positive, separated"),
        ],
        name="separable scores give a finite fit",
        rtol=1e-4,
        atol=1e-6,
        hint="with raw 0/1 labels a separable set has no finite optimum; the smoothed targets fix that",
    ),
    same_as_reference(
        "fit_platt",
        [
            Case.of(np.array([0.2, 1.5, -0.7, 3.0]), np.array([1, 1, 1, 1]), label="positives only"),
            Case.of(np.array([0.2, 1.5, -0.7]), np.array([False, False, False]),
                    label="negatives only (booleans)"),
        ],
        name="one class only",
        rtol=1e-4,
        atol=1e-6,
        hint="with one class every target is the same: the best fit ignores the score",
    ),
    same_as_reference(
        "fit_platt",
        _large_cases,
        name="large scores",
        rtol=1e-4,
        atol=1e-7,
        hint="exp of a large score overflows: use a stable log(1 + e^z) and sigmoid, and a "
             "method that does not depend on the scale of the scores",
    ),
    same_as_reference(
        "fit_platt",
        _random_cases,
        name="random inputs",
        hint="iterate until the gradient vanishes; Newton's method converges in a few steps",
        rtol=1e-4,
        atol=1e-6,
    ),
)


@suite.check("the gradient vanishes at the answer",
             hint="stop only when the gradient is (numerically) zero, not after a fixed number of steps")
def first_order_condition(t):
    y = t.rng.integers(0, 2, 300)
    s = t.rng.normal(size=300) * 2.0 + y
    a, b = numbers(t.sub.fit_platt(s, y), 2, "(a, b)")
    g = _gradient(a, b, s, _targets(y))
    scale = np.array([np.std(s) + abs(np.mean(s)), 1.0])
    compare.is_true(bool(np.all(np.abs(g) / scale < 1e-6)),
                    f"at your (a, b) = ({float(a):.6g}, {float(b):.6g}) the mean gradient of the "
                    f"loss is ({g[0]:.3g}, {g[1]:.3g}): not a minimum yet",
                    inputs="300 random scores with labels")


@suite.check("rescaling the scores rescales the fit",
             hint="the fit depends on a*s + b only: scores c*s + d must give a/c and b - a*d/c")
def affine_equivariance(t):
    y = t.rng.integers(0, 2, 80)
    s = t.rng.normal(size=80) + 0.8 * y
    a, b = numbers(t.sub.fit_platt(s, y), 2, "(a, b)")
    a2, b2 = numbers(t.sub.fit_platt(4.0 * s - 3.0, y), 2, "(a, b) fitted on 4*s - 3")
    compare.close([a2, b2], [a / 4.0, b + a * 3.0 / 4.0], rtol=1e-4, atol=1e-6,
                  what="(a, b) fitted on 4*s - 3", inputs="80 random scores; then the same scores x4 - 3")


@suite.check("inputs are left unchanged", hint="work on copies, not the caller's arrays")
def inputs_unchanged(t):
    s, y = np.array([-1.5, 0.2, 0.9, 2.4, -0.3]), np.array([0, 1, 1, 1, 0])
    rs, ry = t.remote(s.copy()), t.remote(y.copy())
    t.sub.fit_platt(rs, ry)
    compare.equal(rs._get(), s, what="scores after the call", inputs="scores=[-1.5, 0.2, 0.9, 2.4, -0.3]")
    compare.equal(ry._get(), y, what="y after the call", inputs="y=[0, 1, 1, 1, 0]")
