# mistake: the ideal DCG sums |relevant| terms, even when the user has more relevant items than k
# caught-by: more relevant items than k
import math


def recall_at_k(recommended: list[list[int]], relevant: list[list[int]], k: int) -> float:
    """Mean over users with relevant items of |top-k hits| / |relevant|; NaN if no such user."""
    scores = []
    for recs, rel in zip(recommended, relevant):
        rel_set = set(rel)
        if not rel_set:
            continue  # recall is undefined for a user with nothing to find
        hits = sum(1 for item in recs[:k] if item in rel_set)
        scores.append(hits / len(rel_set))
    return sum(scores) / len(scores) if scores else math.nan


def ndcg_at_k(recommended: list[list[int]], relevant: list[list[int]], k: int) -> float:
    """Mean binary NDCG@k over users with relevant items; NaN if no such user."""
    scores = []
    for recs, rel in zip(recommended, relevant):
        rel_set = set(rel)
        if not rel_set:
            continue
        # rank r (1-based) is discounted by log2(r + 1)
        dcg = sum(1 / math.log2(r + 1) for r, item in enumerate(recs[:k], 1) if item in rel_set)
        ideal = sum(1 / math.log2(r + 1) for r in range(1, len(rel_set) + 1))
        scores.append(dcg / ideal)
    return sum(scores) / len(scores) if scores else math.nan
