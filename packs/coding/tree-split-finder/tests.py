import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()

X_EX = np.array([[2.0, 1.0], [3.0, 1.0], [10.0, 2.0], [11.0, 2.0], [12.0, 1.0], [1.0, 1.0]])
Y_EX = np.array([0, 0, 1, 1, 0, 0])


def _split(got, expected, inputs):
    """Compare (feature, threshold, gain) part by part."""
    if expected is None:
        compare.is_true(got is None, f"expected None, got {compare.short(got)}", inputs=inputs)
        return
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 3,
        f"expected (feature, threshold, gain), got {compare.short(got)}",
        inputs=inputs,
    )
    feature, threshold, gain = (
        compare.as_array(v, what, inputs).reshape(-1)
        for v, what in zip(got, ("feature", "threshold", "gain"), strict=True)
    )
    compare.equal(feature.tolist(), [expected[0]], what="feature", inputs=inputs)
    compare.close(
        threshold,
        [expected[1]],
        what="threshold",
        inputs=inputs,
        rtol=1e-12,
        atol=0,
        diagnose={"the threshold is a data value, not the midpoint": [1.0]},
    )
    compare.close(gain, [expected[2]], what="gain", inputs=inputs, rtol=1e-9, atol=1e-12)


suite.add(
    same_as_reference(
        "best_split",
        [
            Case.of(X_EX, Y_EX, label="gini"),
            Case.of(X_EX, Y_EX, criterion="entropy", label="entropy"),
        ],
        name="the statement's example",
        compare_with=_split,
        hint="feature 1 separates the classes perfectly; the threshold sits halfway between "
        "the values on either side",
    )
)
