from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _random_cases(rng):
    cases = []
    for size in (1, 2, 5, 30, 200):
        starts = rng.integers(-50, 50, size)
        lengths = rng.integers(0, 12, size)
        cases.append(Case.of([(int(s), int(s + w)) for s, w in zip(starts, lengths)],
                             label=f"{size} random intervals"))
    return cases


suite.add(
    same_as_reference(
        "merge_intervals",
        [Case.of([], label="empty input")],
        name="empty input",
        compare_with="equal",
        hint="no intervals in, no intervals out",
    ),
    same_as_reference(
        "merge_intervals",
        [
            Case.of([(5, 5)], label="a single point"),
            Case.of([(1, 10), (2, 3), (4, 5)], label="nested intervals"),
            Case.of([(1, 2), (1, 2), (1, 2)], label="duplicates"),
            Case.of([(3, 3), (3, 3), (1, 3)], label="points on an end"),
        ],
        name="degenerate intervals",
        compare_with="equal",
        hint="an interval inside another must not shrink the merged end",
    ),
    same_as_reference(
        "merge_intervals",
        [
            Case.of([(1, 2), (3, 4)], label="a gap of one"),
            Case.of([(0, 1), (1, 2), (2, 3)], label="a chain of touching intervals"),
            Case.of([(-5, -1), (-1, 0)], label="negative coordinates"),
        ],
        name="touching vs separate",
        compare_with="equal",
        hint="closed intervals that share an end point merge; a gap keeps them apart",
    ),
    same_as_reference(
        "merge_intervals", _random_cases, name="random inputs", compare_with="equal"
    ),
)


@suite.check("input list is left unchanged", hint="sort a copy (sorted(...)), not the caller's list")
def input_not_mutated(t):
    data = [(7, 9), (1, 3), (2, 4)]
    remote_list = t.remote(data)  # the list lives in the child; we read it back after the call
    t.sub.merge_intervals(remote_list)
    compare.equal(remote_list._get(), data, what="the input list after the call", inputs=str(data))


def _large(n, rng):
    starts = rng.integers(0, 40 * n, n)
    return Case.of([(int(s), int(s) + int(w)) for s, w in zip(starts, rng.integers(0, 20, n))])


suite.add(
    complexity(
        "merge_intervals",
        _large,
        n=250,
        max_n=4_000,
        legacy_sizes=(1_000, 32_000),  # the CPU-only method's n, max_n
        name="runs in O(n log n)",
        hint="sort once, then sweep; never compare every pair",
        seconds=20,
    )
)
