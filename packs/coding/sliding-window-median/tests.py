from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

suite.add(
    same_as_reference(
        "sliding_window_median",
        [
            Case.of([1, 3, -1, -3, 5, 3, 6, 7], 3, label="odd window"),
            Case.of([5, 2, 2, 8], 2, label="even window"),
            Case.of([4.0, 1.0, 7.0], 1, label="a window of one"),
        ],
        name="examples from the statement",
        rtol=1e-9,
        atol=1e-12,
        hint="there are len(values) - w + 1 windows; the last one ends at the last value",
    )
)
