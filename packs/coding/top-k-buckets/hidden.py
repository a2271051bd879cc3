from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _later_first(grades, k, max_grade):
    """What a bucket read from the back (or a reversed sort on (grade, index)) returns."""
    return sorted(range(len(grades)), key=lambda i: (grades[i], i), reverse=True)[:k]


def _unstable(grades, k, max_grade):
    """What numpy's default argsort (not stable) returns on many equal grades."""
    import numpy as np

    return [int(i) for i in np.argsort(-np.asarray(grades, dtype=np.int64))[:k]]


def _tie_cases(rng):
    cases = [
        Case.of([5, 5, 5, 5, 5], 3, 5, label="five equal grades"),
        Case.of([1, 2, 1, 2, 1, 2], 4, 2, label="alternating grades"),
    ]
    for n, g in ((30, 3), (200, 10)):
        cases.append(
            Case.of(
                [int(x) for x in rng.integers(0, g + 1, n)],
                n // 3,
                g,
                label=f"{n} grades in [0, {g}]",
            )
        )
    # ties at scale: with thousands of equal grades numpy's default (unstable) sort
    # scrambles the indices within a grade, which small cases never show
    cases.append(
        Case.of(
            [int(x) for x in rng.integers(0, 4, 3000)],
            1500,
            3,
            label="3000 grades in [0, 3], k = 1500",
        )
    )
    return cases


suite.add(
    same_as_reference(
        "top_k_by_grade",
        _tie_cases,
        name="ties keep index order",
        compare_with="equal",
        hint="fill each bucket in index order and read it from the front",
        mistakes={
            "equal grades are listed with the higher index first": _later_first,
            "an unstable sort (numpy's default argsort) scrambles the indices of equal "
            "grades": _unstable,
        },
    ),
    same_as_reference(
        "top_k_by_grade",
        [
            Case.of([0, 3, 0, 1], 4, 3, label="k = n with grade 0 present"),
            Case.of([2, 0, 1], 3, 2, label="every grade from max_grade down to 0"),
            Case.of([4, 4, 0], 2, 4, label="grades equal to max_grade"),
            Case.of([0], 1, 0, label="max_grade = 0"),
        ],
        name="grades 0 and max_grade",
        compare_with="equal",
        hint="both ends are included: you need max_grade + 1 buckets, down to grade 0",
    ),
    same_as_reference(
        "top_k_by_grade",
        [
            Case.of([1, 2, 3], 0, 3, label="k = 0"),
            Case.of([1, 2, 3], 10, 3, label="k > n"),
            Case.of([], 2, 5, label="no candidates"),
        ],
        name="k = 0, k > n and no candidates",
        compare_with="equal",
        hint="return at most len(grades) indices, and none for k = 0",
    ),
    same_as_reference(
        "top_k_by_grade",
        lambda rng: [
            Case.of([int(x) for x in rng.integers(0, g + 1, n)], k, g, label=f"n={n}, G={g}, k={k}")
            for n, g, k in ((1, 1, 1), (10, 100, 4), (500, 1000, 50), (2000, 5, 1999))
        ],
        name="random grades",
        compare_with="equal",
        mistakes={"equal grades are listed with the higher index first": _later_first},
    ),
)


@suite.check(
    "grades list is left unchanged", hint="build buckets of indices; never sort grades itself"
)
def not_mutated(t):
    grades = [3, 1, 4, 1, 5, 9, 2, 6]
    remote = t.remote(grades)
    t.sub.top_k_by_grade(remote, 3, 9)
    compare.equal(remote._get(), grades, what="grades after the call", inputs=str(grades))


suite.add(
    complexity(
        "top_k_by_grade",
        lambda n, rng: Case.of([int(x) for x in rng.integers(0, n + 1, n)], n // 2, n),
        n=500,
        max_n=8_000,
        legacy_sizes=(1_000, 16_000),  # the CPU-only method's n, max_n
        name="runs in O(n + G)",
        expected="n",
        hint="one pass to drop each index into its grade's bucket, one pass over the buckets; "
        "never rescan all candidates for every grade",
        seconds=20,
    )
)
