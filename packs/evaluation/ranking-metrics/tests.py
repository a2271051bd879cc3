import math

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _ndcg(ranked, relevance, k, *, linear=False, retrieved_ideal=False, untruncated=False):
    """NDCG@k with one convention switched to a common mistake."""
    def dcg(grades):
        return sum((g if linear else 2.0**g - 1) / math.log2(r + 1)
                   for r, g in enumerate(grades, start=1))
    pool = [relevance.get(i, 0) for i in ranked] if retrieved_ideal else list(relevance.values())
    ideal = sorted(pool, reverse=True)
    ideal_dcg = dcg(ideal if untruncated else ideal[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal_dcg if ideal_dcg > 0 else 0.0


NDCG_MISTAKES = {
    "linear gain g: the statement's gain is 2^g - 1": lambda *a: _ndcg(*a, linear=True),
    "ideal DCG built from the returned items only: relevant items the system missed count "
    "in the ideal list": lambda *a: _ndcg(*a, retrieved_ideal=True),
    "ideal DCG over every relevant item: truncate the ideal list at k too":
        lambda *a: _ndcg(*a, untruncated=True),
}


def _rr_hits_only(ranked_lists, relevant):
    rr = [1.0 / (next(r for r, i in enumerate(lst, 1) if i in set(rel)))
          for lst, rel in zip(ranked_lists, relevant) if set(lst) & set(rel)]
    return sum(rr) / len(rr) if rr else 0.0


MRR_MISTAKES = {
    "queries without a relevant result were left out of the mean: they count as 0":
        _rr_hits_only,
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
    "AP divided by the number of hits found: divide by min(#relevant, k)":
        lambda a, b, k: _ap(a, b, k, lambda hits, n_rel, k: hits),
    "AP divided by the number of relevant items: with k cut-off the denominator is "
    "min(#relevant, k)": lambda a, b, k: _ap(a, b, k, lambda hits, n_rel, k: n_rel),
}

suite.add(
    same_as_reference(
        "ndcg_at_k",
        [
            Case.of(["d3", "d1", "d7", "d2"], {"d1": 3, "d2": 2, "d5": 3, "d9": 1, "d3": 0}, 3,
                    label="the statement's example"),
            Case.of(["a", "b", "c"], {"a": 2, "b": 1, "c": 1}, 3, label="the ideal order"),
            Case.of(["c", "b", "a"], {"a": 2, "b": 1, "c": 1}, 2, label="the ideal order reversed"),
        ],
        name="NDCG@k: examples",
        hint="gain 2^g - 1, discount 1/log2(rank + 1), ideal = best k grades among all judged items",
        mistakes=NDCG_MISTAKES,
    ),
    same_as_reference(
        "mrr",
        [
            Case.of([["a", "b", "c"], ["x", "y"], ["p", "q", "r"]], [["c"], ["z"], ["p", "r"]],
                    label="the statement's example"),
            Case.of([[1, 2, 3], [4, 5, 6]], [[2, 3], [6]], label="integer ids"),
        ],
        name="MRR: examples",
        hint="one reciprocal rank per query, 0 when nothing relevant comes back",
        mistakes=MRR_MISTAKES,
    ),
    same_as_reference(
        "map_at_k",
        [
            Case.of([["a", "b", "c", "d"], ["x", "y", "z"]], [["b", "d", "e"], ["x"]], 3,
                    label="the statement's example"),
            Case.of([["a", "b", "c", "d"]], [["a", "c"]], 4, label="hits at ranks 1 and 3"),
        ],
        name="MAP@k: examples",
        hint="sum P@r at the relevant ranks within the top k, then divide by min(#relevant, k)",
        mistakes=MAP_MISTAKES,
    ),
)
