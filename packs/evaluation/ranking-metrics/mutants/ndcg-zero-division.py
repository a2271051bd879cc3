# mistake: divides by the ideal DCG without handling queries where nothing relevant was judged
# caught-by: NDCG@k: edge cases
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(grades):
        return sum((2.0**g - 1) / math.log2(r + 1) for r, g in enumerate(grades, 1))
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal

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

