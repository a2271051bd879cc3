from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

EXAMPLE = [(1, 2), (2, 3), (3, 4)]

suite.add(
    same_as_reference(
        "creates_cycle",
        [
            Case.of(EXAMPLE, 4, 1, label="4 -> 1 closes 1 -> 2 -> 3 -> 4"),
            Case.of(EXAMPLE, 1, 4, label="1 -> 4 is a shortcut, not a cycle"),
            Case.of(EXAMPLE, 3, 7, label="7 has no outgoing edges"),
            Case.of(EXAMPLE, 5, 5, label="a self-loop on a node with no edges"),
        ],
        name="examples from the statement",
        compare_with="equal",
        hint="u -> v closes a cycle exactly when u can already be reached from v",
    )
)
