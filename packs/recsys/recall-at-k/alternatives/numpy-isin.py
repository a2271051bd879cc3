# Vectorised per user: np.isin marks the hits, a discount vector gives DCG and IDCG.
import numpy as np


def _per_user(recommended, relevant, k, score):
    values = [
        score(np.asarray(recs[:k]), np.unique(rel))
        for recs, rel in zip(recommended, relevant)
        if len(rel) > 0
    ]
    return float(np.mean(values)) if values else float("nan")


def recall_at_k(recommended, relevant, k):
    return _per_user(recommended, relevant, k, lambda top, rel: np.isin(top, rel).sum() / rel.size)


def ndcg_at_k(recommended, relevant, k):
    discount = 1.0 / np.log2(np.arange(2, k + 2))  # ranks 1..k

    def score(top, rel):
        dcg = (np.isin(top, rel) * discount[: top.size]).sum()
        return dcg / discount[: min(k, rel.size)].sum()

    return _per_user(recommended, relevant, k, score)
