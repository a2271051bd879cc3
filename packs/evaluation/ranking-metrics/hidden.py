import math

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _ndcg(ranked, relevance, k, *, retrieved_ideal=False, jk_discount=False):
    """NDCG@k with one convention switched to a common mistake."""
    def dcg(grades):
        return sum((2.0**g - 1) / (max(1.0, math.log2(r)) if jk_discount else math.log2(r + 1))
                   for r, g in enumerate(grades, start=1))
    pool = [relevance.get(i, 0) for i in ranked] if retrieved_ideal else list(relevance.values())
    ideal_dcg = dcg(sorted(pool, reverse=True)[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal_dcg if ideal_dcg > 0 else 0.0


NDCG_MISTAKES = {
    "ideal DCG built from the returned items only: judged items the system missed belong "
    "in the ideal list": lambda *a: _ndcg(*a, retrieved_ideal=True),
    "discount 1/max(1, log2(rank)) (the original DCG paper): use 1/log2(rank + 1)":
        lambda *a: _ndcg(*a, jk_discount=True),
}


def _ap(ranked_lists, relevant, k, denominator):
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        hits, s = 0, 0.0
        for r, item in enumerate(ranked[:k], start=1):
            if item in set(rel):
                hits += 1
                s += hits / r
        d = denominator(hits, len(set(rel)), k)
        total += s / d if d else 0.0
    return total / len(ranked_lists)


MAP_MISTAKES = {
    "AP divided by the number of relevant items: with a cut-off at k the denominator is "
    "min(#relevant, k)": lambda a, b, k: _ap(a, b, k, lambda hits, n_rel, k: n_rel),
    "AP divided by the number of hits found: divide by min(#relevant, k)":
        lambda a, b, k: _ap(a, b, k, lambda hits, n_rel, k: hits),
}


def _random_queries(rng, n_queries, n_items=30):
    ranked, relevant = [], []
    for _ in range(n_queries):
        ranked.append([int(i) for i in rng.permutation(n_items)[: rng.integers(0, 12)]])
        relevant.append([int(i) for i in rng.choice(n_items, rng.integers(0, 8), replace=False)])
    return ranked, relevant


def _random_ndcg(rng):
    cases = []
    for k in (1, 3, 5, 10):
        ranked = [f"i{j}" for j in rng.permutation(20)[:8]]
        relevance = {f"i{j}": int(g) for j, g in zip(rng.permutation(20)[:10], rng.integers(0, 4, 10))}
        cases.append(Case.of(ranked, relevance, k, label=f"random judgments, k={k}"))
    return cases


suite.add(
    same_as_reference(
        "ndcg_at_k",
        [
            Case.of(["a", "b"], {"a": 1, "z": 3}, 2, label="the best item was never returned"),
            Case.of(["a", "b", "c"], {"b": 2, "x": 2, "y": 2}, 3, label="two of three relevant missed"),
        ],
        name="NDCG@k: relevant items the ranking missed",
        hint="the ideal list is the best possible answer, not a re-sort of what was returned",
        mistakes=NDCG_MISTAKES,
    ),
    same_as_reference(
        "ndcg_at_k",
        [
            Case.of(["a", "b", "c"], {}, 3, label="no judgments at all"),
            Case.of(["a", "b"], {"c": 0, "d": 0}, 2, label="only grade-0 judgments"),
            Case.of(["a"], {"a": 2, "b": 1}, 5, label="k larger than the list"),
            Case.of([], {"a": 1}, 3, label="empty ranking"),
            Case.of(["b", "a"], {"a": 1, "b": 1}, 1, label="k = 1, a tie in grades"),
            Case.of([3, 1, 2], {1: 0.5, 2: 2.5, 3: 1.0}, 2, label="integer ids, fractional grades"),
        ],
        name="NDCG@k: edge cases",
        hint="with nothing relevant the statement defines NDCG as 0.0; DCG stops at the list's end",
        mistakes=NDCG_MISTAKES,
    ),
    same_as_reference(
        "ndcg_at_k",
        _random_ndcg,
        name="NDCG@k: random judgments",
        hint="gain 2^g - 1, discount 1/log2(rank + 1), ideal from every judged item, both cut at k",
        mistakes=NDCG_MISTAKES,
    ),
    same_as_reference(
        "mrr",
        [
            Case.of([["a"]], [["a"]], label="one query, hit at rank 1"),
            Case.of([[], ["b", "a"]], [["a"], ["a"]], label="an empty result list"),
            Case.of([["a", "b"], ["c", "d"]], [[], ["x"]], label="no relevant item anywhere"),
            Case.of([["a", "b", "c", "d", "e"]], [["e", "d"]], label="first hit at rank 4"),
        ],
        name="MRR: edge cases",
        hint="only the first relevant result of each query counts",
    ),
    same_as_reference(
        "mrr",
        lambda rng: [Case.of(*_random_queries(rng, 50), label="50 random queries")],
        name="MRR: random queries",
        hint="a query with no relevant result contributes 0 and still counts in the mean",
    ),
    same_as_reference(
        "map_at_k",
        [
            Case.of([["a", "b", "c"]], [["a", "b", "c", "d", "e"]], 2, label="5 relevant, k = 2"),
            Case.of([["a", "x", "b", "c"], ["y", "d"]], [["a", "b", "c", "d"], ["d"]], 3,
                    label="4 relevant, k = 3"),
        ],
        name="MAP@k: more relevant items than k",
        hint="the top k can hold at most k hits: that caps the denominator",
        mistakes=MAP_MISTAKES,
    ),
    same_as_reference(
        "map_at_k",
        [
            Case.of([["a", "b"], ["c"]], [[], ["c"]], 2, label="a query with no relevant items"),
            Case.of([[], ["c"]], [["a"], ["c"]], 2, label="an empty result list"),
            Case.of([["b", "a"]], [["a"]], 1, label="k = 1, the hit is at rank 2"),
            Case.of([[1, 2, 3]], [[3, 2, 1]], 10, label="k beyond the list, every item relevant"),
        ],
        name="MAP@k: edge cases",
        hint="a query with no relevant items scores 0 and still counts in the mean",
        mistakes=MAP_MISTAKES,
    ),
    same_as_reference(
        "map_at_k",
        lambda rng: [Case.of(*_random_queries(rng, 50), k, label=f"50 random queries, k={k}")
                     for k in (1, 5, 10)],
        name="MAP@k: random queries",
        hint="sum P@r at the relevant ranks within k, divide by min(#relevant, k)",
        mistakes=MAP_MISTAKES,
    ),
)
