import numpy as np

from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _pav(y, w=None, increasing=True, *, backtrack=True, weighted=True, flip_back=True):
    """Pool adjacent violators with one step switched to a common mistake."""
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None or not weighted else np.asarray(w, dtype=float)
    sign = 1.0 if increasing else -1.0
    blocks = []  # [value, weight, size]
    for yi, wi in zip(sign * y, w):
        blocks.append([yi, wi, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v, wt, k = blocks.pop()
            b = blocks[-1]
            b[0], b[1], b[2] = (b[0] * b[1] + v * wt) / (b[1] + wt), b[1] + wt, b[2] + k
            if not backtrack:
                break
    fit = np.repeat([b[0] for b in blocks], [b[2] for b in blocks])
    return sign * fit if flip_back else fit


MISTAKES = {
    "stopped after one merge: keep merging backwards while blocks are out of order":
        lambda *a, **k: _pav(*a, **k, backtrack=False),
    "weights ignored: a pooled value is the weighted mean of its block":
        lambda *a, **k: _pav(*a, **k, weighted=False),
    "for increasing=False the fit of -y must be negated back":
        lambda *a, **k: _pav(*a, **k, flip_back=False),
}


def _random_cases(rng):
    cases = []
    for n in (2, 5, 50, 500):
        y = rng.normal(size=n) + np.linspace(0, 2, n)
        cases.append(Case.of(y, label=f"n={n}, noisy upward trend"))
        cases.append(Case.of(y, w=rng.uniform(0.1, 5.0, n), label=f"n={n}, random weights"))
    return cases


suite.add(
    same_as_reference(
        "isotonic_regression",
        [
            Case.of(np.array([3.0, 1.0, 2.0, 0.5]), increasing=False, label="decreasing, one violation"),
            Case.of(np.array([1.0, 4.0, 2.0]), w=np.array([2.0, 1.0, 1.0]), increasing=False,
                    label="decreasing, weighted"),
            Case.of(np.array([5.0, 4.0, 6.0, 1.0, 0.0]), increasing=False, label="decreasing, cascade"),
        ],
        name="non-increasing fits",
        rtol=1e-9,
        atol=1e-9,
        hint="a non-increasing fit of y is the non-decreasing fit of -y, negated",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "isotonic_regression",
        [
            Case.of(np.zeros(0), label="empty input"),
            Case.of(np.array([2.5]), label="one value"),
            Case.of(np.array([4.0, 3.0, 2.0, 1.0]), label="strictly decreasing: one block"),
            Case.of(np.array([1.0, 1.0, 2.0, 2.0]), label="already non-decreasing, with ties"),
            Case.of(np.array([1e12, -1e12, 3.0]), label="huge magnitudes"),
            Case.of(np.array([1, 0, 1, 0, 1, 1]), label="integer 0/1 labels"),
        ],
        name="edge cases",
        rtol=1e-9,
        atol=1e-9,
        hint="empty in, empty out; equal neighbours are not violations",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "isotonic_regression",
        _random_cases,
        name="random inputs",
        hint="pool with weighted means and keep merging backwards until the blocks are in order",
        rtol=1e-9,
        atol=1e-9,
        mistakes=MISTAKES,
    ),
)


@suite.check("inputs are left unchanged", hint="work on copies, not the caller's arrays")
def inputs_unchanged(t):
    y, w = np.array([3.0, 1.0, 2.0]), np.array([1.0, 2.0, 1.0])
    ry, rw = t.remote(y.copy()), t.remote(w.copy())
    t.sub.isotonic_regression(ry, rw)
    compare.equal(ry._get(), y, what="y after the call", inputs="y=[3.0, 1.0, 2.0]")
    compare.equal(rw._get(), w, what="w after the call", inputs="w=[1.0, 2.0, 1.0]")


def _large(n, rng):
    # a rising sequence with local disorder: about n/3 small pools, so O(n) blocks remain
    return Case.of(np.arange(n) + rng.uniform(-1.5, 1.5, n))


suite.add(
    complexity(
        "isotonic_regression",
        _large,
        n=1_000,
        max_n=16_000,
        legacy_sizes=(250, 64_000),  # the CPU-only method's n, max_n
        expected="n",
        name="runs in O(n)",
        hint="a stack of blocks lets each value be merged at most once; never rescan from the start",
        seconds=20,
    )
)
