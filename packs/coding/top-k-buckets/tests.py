from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

suite.add(
    same_as_reference(
        "top_k_by_grade",
        [
            Case.of([3, 0, 4, 3, 1, 4], 4, 4, label="the statement's first example"),
            Case.of([0, 0, 0], 2, 9, label="all grades equal"),
            Case.of([2, 7, 7, 1], 1, 7, label="a tie at the top"),
        ],
        name="examples from the statement",
        compare_with="equal",
        hint="best grade first; among equal grades, the lower index first",
        mistakes={
            "equal grades are listed with the higher index first": lambda g, k, m: sorted(
                range(len(g)), key=lambda i: (g[i], i), reverse=True
            )[:k],
            "each top grade mapped back with grades.index, so tied candidates repeat one "
            "index": lambda g, k, m: [g.index(x) for x in sorted(g, reverse=True)[:k]],
        },
    )
)
