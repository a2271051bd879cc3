# Vectorised with numpy: a 0/1 hit vector per query, then cumulative sums for P@r.
import numpy as np


def ndcg_at_k(ranked, relevance, k):
    """NDCG@k from arrays of gains and discounts."""
    discounts = 1.0 / np.log2(np.arange(2, k + 2))  # (k,) for ranks 1..k
    gains = 2.0 ** np.array([relevance.get(i, 0) for i in ranked[:k]], dtype=float) - 1
    best = 2.0 ** np.sort(np.array(list(relevance.values()), dtype=float))[::-1][:k] - 1
    ideal = float(best @ discounts[: len(best)])
    return float(gains @ discounts[: len(gains)]) / ideal if ideal > 0 else 0.0


def mrr(ranked_lists, relevant):
    """First hit via argmax over a boolean hit vector."""
    rr = []
    for ranked, rel in zip(ranked_lists, relevant):
        hit = np.isin(np.array(ranked, dtype=object), np.array(list(rel), dtype=object))
        rr.append(1.0 / (np.argmax(hit) + 1) if hit.any() else 0.0)
    return float(np.mean(rr))


def map_at_k(ranked_lists, relevant, k):
    """AP@k as a dot product of the hit vector with P@r."""
    aps = []
    for ranked, rel in zip(ranked_lists, relevant):
        rel = set(rel)
        hit = np.array([item in rel for item in ranked[:k]], dtype=float)  # (<= k,)
        precision_at_r = np.cumsum(hit) / np.arange(1, len(hit) + 1)
        aps.append(float(hit @ precision_at_r) / min(len(rel), k) if rel else 0.0)
    return float(np.mean(aps))
