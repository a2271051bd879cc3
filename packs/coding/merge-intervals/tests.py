from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

suite.add(
    same_as_reference(
        "merge_intervals",
        [
            Case.of([(1, 3), (2, 6), (8, 10), (15, 18)], label="the classic example"),
            Case.of([(8, 10), (1, 3), (2, 6), (15, 18), (6, 7)], label="unsorted input"),
            Case.of([(1, 4), (4, 5)], label="touching intervals merge"),
        ],
        name="examples from the statement",
        compare_with="equal",
    )
)
