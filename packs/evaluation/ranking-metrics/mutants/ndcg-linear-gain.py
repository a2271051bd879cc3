# mistake: uses the grade itself as the gain instead of 2^grade - 1
# caught-by: NDCG@k: examples
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(grades):
        return sum(g / math.log2(r + 1) for r, g in enumerate(grades, 1))
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal if ideal > 0 else 0.0

def mrr(ranked_lists, relevant):
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        total += next((1.0 / r for r, item in enumerate(ranked, 1) if item in set(rel)), 0.0)
    return total / len(ranked_lists)

def map_at_k(ranked_lists, relevant, k):
    total = 0.0
    for ranked, rel in zip(ranked_lists, relevant):
        hits, s = 0, 0.0
        for r, item in enumerate(ranked[:k], 1):
            if item in set(rel):
                hits += 1
                s += hits / r
        total += s / min(len(set(rel)), k) if rel else 0.0
    return total / len(ranked_lists)

