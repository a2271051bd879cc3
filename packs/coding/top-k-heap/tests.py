from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

STREAM = [("a", 0.3), ("b", 0.9), ("c", 0.5), ("d", 0.9), ("e", 0.1)]

suite.add(
    same_as_reference(
        "top_k_stream",
        [
            Case.of(STREAM, 2, label="k = 2"),
            Case.of(STREAM, 3, label="k = 3"),
            Case.of([("x", -1.0), ("y", -1.0)], 1, label="a tie at the cut"),
        ],
        name="example from the statement",
        compare_with="equal",
        hint="best first: highest score first, and the earlier arrival first among equal scores",
        mistakes={
            "the result is listed worst first (ascending)": lambda s, k: sorted(
                sorted(s, key=lambda p: -p[1])[:k], key=lambda p: p[1]
            ),
        },
    )
)
