# mistake: counts with a dict, then ranks the counts with numpy's default argsort, which is
# not stable: with many equal counts the first-appearance order is scrambled
# caught-by: ties broken by first appearance
import numpy as np


def top_k_frequent(items, k):
    if k <= 0:
        return []
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    keys = list(counts)
    order = np.argsort(-np.array([counts[x] for x in keys], dtype=np.int64))
    return [keys[int(i)] for i in order[:k]]
