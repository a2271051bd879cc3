import math


def _dcg(grades: list[float]) -> float:
    """Discounted cumulative gain of grades listed in rank order."""
    return sum((2.0**g - 1.0) / math.log2(r + 1) for r, g in enumerate(grades, start=1))


def ndcg_at_k(ranked: list, relevance: dict, k: int) -> float:
    """NDCG@k with gain 2^g - 1 and discount 1/log2(rank + 1); 0.0 if nothing is relevant."""
    dcg = _dcg([relevance.get(item, 0) for item in ranked[:k]])
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:k])  # judged items, returned or not
    return dcg / ideal if ideal > 0 else 0.0


def mrr(ranked_lists: list[list], relevant: list[list]) -> float:
    """Mean over queries of 1 / rank of the first relevant id (0 when there is none)."""
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        wanted = set(rel)
        total += next((1.0 / r for r, item in enumerate(ranked, start=1) if item in wanted), 0.0)
    return total / len(ranked_lists)


def map_at_k(ranked_lists: list[list], relevant: list[list], k: int) -> float:
    """Mean over queries of AP@k, normalised by min(#relevant, k)."""
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        wanted = set(rel)
        if not wanted:
            continue  # AP@k = 0, but the query still counts in the mean
        hits, precision_sum = 0, 0.0
        for r, item in enumerate(ranked[:k], start=1):
            if item in wanted:
                hits += 1
                precision_sum += hits / r  # P@r at each relevant rank
        total += precision_sum / min(len(wanted), k)
    return total / len(ranked_lists)
