# Work from the relevant side: map each returned id to its rank once, then read off
# the ranks of the relevant ids. AP@k is sum_i i / rank_i over the hits in rank order
# (the i-th hit at rank_i has precision i / rank_i); MRR is 1 / the smallest hit rank.
import heapq
import math


def ndcg_at_k(ranked, relevance, k):
    """Gains of the returned ids by rank position; the ideal from heapq's k largest grades."""
    position = {item: r for r, item in enumerate(ranked[:k], start=1)}
    dcg = sum((2.0 ** relevance[item] - 1.0) / math.log2(r + 1)
              for item, r in position.items() if item in relevance)
    best = heapq.nlargest(k, relevance.values())
    ideal = sum((2.0**g - 1.0) / math.log2(r + 1) for r, g in enumerate(best, start=1))
    return dcg / ideal if ideal > 0 else 0.0


def mrr(ranked_lists, relevant):
    """Smallest rank among the relevant ids that came back."""
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        position = {item: r for r, item in enumerate(ranked, start=1)}
        ranks = [position[item] for item in set(rel) if item in position]
        total += 1.0 / min(ranks) if ranks else 0.0
    return total / len(ranked_lists)


def map_at_k(ranked_lists, relevant, k):
    """Sorted hit ranks within k; the i-th hit contributes i / rank."""
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        wanted = set(rel)
        if not wanted:
            continue
        position = {item: r for r, item in enumerate(ranked[:k], start=1)}
        hit_ranks = sorted(position[item] for item in wanted if item in position)
        total += sum(i / r for i, r in enumerate(hit_ranks, start=1)) / min(len(wanted), k)
    return total / len(ranked_lists)
