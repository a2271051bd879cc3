# mistake: averages the reciprocal ranks only over queries that had a hit
# caught-by: MRR: examples
import math

def ndcg_at_k(ranked, relevance, k):
    def dcg(grades):
        return sum((2.0**g - 1) / math.log2(r + 1) for r, g in enumerate(grades, 1))
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal if ideal > 0 else 0.0


def mrr(ranked_lists, relevant):
    rrs = []
    for ranked, rel in zip(ranked_lists, relevant):
        for r, item in enumerate(ranked, 1):
            if item in set(rel):
                rrs.append(1.0 / r)
                break
    return sum(rrs) / len(rrs) if rrs else 0.0

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

