import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def _pav(y, w=None, increasing=True, *, backtrack=True, weighted=True):
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
    return sign * np.repeat([b[0] for b in blocks], [b[2] for b in blocks])


MISTAKES = {
    "stopped after one merge: a pooled block can violate the block before it, keep merging "
    "backwards": lambda *a, **k: _pav(*a, **k, backtrack=False),
    "weights ignored: a pooled value is the weighted mean of its block":
        lambda *a, **k: _pav(*a, **k, weighted=False),
}

suite.add(
    same_as_reference(
        "isotonic_regression",
        [
            Case.of(np.array([1.0, 3.0, 2.0, 4.0, 3.5, 5.0]), label="two separate violations"),
            Case.of(np.array([1.0, 3.0, 4.0, 0.0]), label="a merge that cascades backwards"),
            Case.of(np.array([1.0, 3.0, 2.0]), w=np.array([1.0, 1.0, 3.0]), label="weighted"),
        ],
        name="examples from the statement",
        rtol=1e-9,
        atol=1e-9,
        hint="after merging two blocks, compare the merged block with the one before it again",
        mistakes=MISTAKES,
    )
)


@suite.check("returns a float64 array",
             hint="the fit is a float array of the input's length, whatever the input's dtype")
def float_array(t):
    for y, label in ((np.array([0, 0, 1, 1]), "integer labels already in order"),
                     (np.array([0, 1, 0, 1]), "integer labels with one violation")):
        got = t.sub.isotonic_regression(y)
        compare.is_true(isinstance(got, np.ndarray), f"returned {compare.short(got)}, not a numpy array",
                        inputs=f"y={y.tolist()} ({label})")
        compare.is_true(got.shape == (4,), f"returned shape {got.shape}; expected (4,)",
                        inputs=f"y={y.tolist()} ({label})")
        compare.is_true(got.dtype == np.float64,
                        f"returned dtype {got.dtype}; expected float64"
                        + (" (integer labels came back as integers)" if got.dtype.kind in "iub" else "")
                        + (" (a downcast to float32)" if got.dtype == np.float32 else ""),
                        inputs=f"y={y.tolist()} ({label})")
