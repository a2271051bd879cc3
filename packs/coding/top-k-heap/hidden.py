from mldrills.checks import Case, Suite, complexity, same_as_reference

suite = Suite()


def _by_id_on_ties(stream, k):
    """What a heap of (score, id) returns: ties decided by comparing ids."""
    return [tuple(p) for p in sorted(stream, key=lambda p: (-p[1], p[0]))[:k]]


def _later_wins_ties(stream, k):
    """What replacing the root on an equal score returns: later arrivals win ties."""
    order = sorted(range(len(stream)), key=lambda i: (-stream[i][1], -i))
    kept = sorted(order[:k], key=lambda i: (-stream[i][1], i))
    return [tuple(stream[i]) for i in kept]


def _unstable(stream, k):
    """What numpy's default argsort (not stable) returns on many equal scores."""
    import numpy as np

    order = np.argsort(-np.array([p[1] for p in stream], dtype=np.float64))[:k]
    return [tuple(stream[int(i)]) for i in order]


TIE_MISTAKES = {
    "an unstable sort (numpy's default argsort) scrambles the arrival order of equal "
    "scores": _unstable,
    "ties are decided by comparing ids (a heap of (score, id))": _by_id_on_ties,
    "an equal score replaces the root, so later arrivals win ties": _later_wins_ties,
}


def _tie_cases(rng):
    cases = [
        Case.of([(f"id{c}", 1.0) for c in "qzarmtbxce"], 4, label="ten equal scores, k = 4"),
        Case.of([(f"id{c}", 1.0) for c in "abcdef"], 3, label="six equal scores, ids in order"),
        Case.of(
            [("m", 2.0), ("z", 1.0), ("b", 1.0), ("y", 1.0), ("a", 0.5)],
            2,
            label="the cut falls inside a tie",
        ),
        Case.of([("q", 5.0), ("p", 5.0), ("o", 7.0), ("n", 5.0)], 3, label="a tie after the best"),
    ]
    scores = rng.integers(0, 4, 40).astype(float)
    names = [f"c{int(j):02d}" for j in rng.permutation(40)]
    cases.append(
        Case.of(
            [(name, float(s)) for name, s in zip(names, scores)],
            9,
            label="40 pairs, scores in {0, 1, 2, 3}",
        )
    )
    # ties at scale: numpy's default argsort is not stable, which shows only with many
    # equal scores
    scores = rng.integers(0, 3, 3000) / 2.0
    names = [f"s{int(j):04d}" for j in rng.permutation(3000)]
    cases.append(
        Case.of(
            [(name, float(s)) for name, s in zip(names, scores)],
            1000,
            label="3000 pairs, scores in {0, 0.5, 1}, k = 1000",
        )
    )
    return cases


def _random_cases(rng):
    cases = []
    for n, k in ((1, 1), (7, 3), (50, 10), (300, 299), (1000, 25)):
        scores = rng.normal(size=n).round(2)  # rounding makes some ties
        cases.append(
            Case.of(
                [(f"r{i}", float(s)) for i, s in enumerate(scores)],
                k,
                label=f"{n} random pairs, k = {k}",
            )
        )
    return cases


suite.add(
    same_as_reference(
        "top_k_stream",
        _tie_cases,
        name="ties keep arrival order",
        compare_with="equal",
        hint="put the arrival index in the heap entry: a bare (score, id) lets the ids decide "
        "ties, and replacing the root on an equal score lets later arrivals win",
        mistakes=TIE_MISTAKES,
    ),
    same_as_reference(
        "top_k_stream",
        [
            Case.of([("a", 1.0), ("b", 2.0)], 0, label="k = 0"),
            Case.of([("a", 1.0), ("b", 2.0)], 5, label="k larger than the stream"),
            Case.of([], 3, label="an empty stream"),
            Case.of([("solo", -3.5)], 1, label="one pair"),
        ],
        name="k = 0, k > n and empty streams",
        compare_with="equal",
        hint="k = 0 keeps nothing; a short stream returns everything it has, sorted",
    ),
    same_as_reference(
        "top_k_stream",
        [
            Case.of([("a", -5.0), ("b", -1.0), ("c", -3.0), ("d", -2.0)], 2, label="all negative"),
            Case.of([("a", 1e300), ("b", -1e300), ("c", 0.0)], 2, label="huge magnitudes"),
        ],
        name="negative and extreme scores",
        compare_with="equal",
        hint="if you negate scores to fake a max-heap, negate them back and keep the order right",
    ),
    same_as_reference(
        "top_k_stream",
        _random_cases,
        name="random streams",
        compare_with="equal",
        hint="keep the k best in a min-heap; at the end, list them best first",
        mistakes=TIE_MISTAKES,
    ),
)


def _big(n, rng):
    scores = rng.random(n)
    return Case.of([(f"c{i}", float(s)) for i, s in enumerate(scores)], n // 4)


suite.add(
    complexity(
        "top_k_stream",
        _big,
        n=250,
        max_n=4_000,
        legacy_sizes=(1_000, 16_000),  # the CPU-only method's n, max_n
        name="runs in O(n log k)",
        expected="n log k",
        hint="compare each new pair with the heap's root in O(1) and replace it in O(log k); "
        "never scan all kept pairs for the weakest",
        seconds=20,
    )
)
