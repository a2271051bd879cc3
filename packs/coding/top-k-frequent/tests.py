from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _pairs(items: list, k: int) -> list:
    """The mistake of returning (item, count) pairs, as Counter.most_common does."""
    counts: dict = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    top = sorted(counts, key=lambda item: -counts[item])[: max(k, 0)]
    return [(item, counts[item]) for item in top]


EXAMPLE = ["b", "a", "c", "a", "b", "d", "a"]

suite.add(
    same_as_reference(
        "top_k_frequent",
        [
            Case.of(EXAMPLE, 2, label="the example, k=2"),
            Case.of(EXAMPLE, 3, label="the example, k=3: c and d tie, c came first"),
            Case.of([3, 1, 3, 2, 3, 1], 2, label="integers"),
        ],
        name="examples from the statement",
        compare_with="equal",
        hint="count every item once, then order by count (highest first)",
        mistakes={"returned (item, count) pairs instead of the items": _pairs},
    )
)
