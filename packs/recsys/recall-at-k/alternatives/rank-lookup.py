# Rank lookup: map each of the first k recommended items to its 1-based rank once, then
# walk the relevant items and add the discount of every one that has a rank.
import math


def _mean(values):
    return math.fsum(values) / len(values) if values else math.nan


def _ranks(recs, k):
    return {item: rank for rank, item in enumerate(recs[:k], start=1)}


def recall_at_k(recommended, relevant, k):
    values = []
    for recs, rel in zip(recommended, relevant):
        wanted = set(rel)
        if wanted:
            ranks = _ranks(recs, k)
            values.append(sum(item in ranks for item in wanted) / len(wanted))
    return _mean(values)


def ndcg_at_k(recommended, relevant, k):
    values = []
    for recs, rel in zip(recommended, relevant):
        wanted = set(rel)
        if not wanted:
            continue
        ranks = _ranks(recs, k)
        # any log base gives the same ratio; natural logs of rank + 1 here
        dcg = sum(1 / math.log1p(ranks[item]) for item in wanted if item in ranks)
        best = sum(1 / math.log1p(r) for r in range(1, min(k, len(wanted)) + 1))
        values.append(dcg / best)
    return _mean(values)
