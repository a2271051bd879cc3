# Pairwise cosines with plain loops over column pairs, and heapq.nsmallest with a
# (-score, item) key for the top-n: no sorting of the whole list, ties by the key.
import heapq
import math

import numpy as np


def item_similarity(R):
    cols = [R[:, i] for i in range(R.shape[1])]
    norms = [math.sqrt(float(c @ c)) for c in cols]
    n_items = len(cols)
    S = np.zeros((n_items, n_items))
    for i in range(n_items):
        for j in range(i + 1, n_items):
            if norms[i] > 0 and norms[j] > 0:
                S[i, j] = S[j, i] = float(cols[i] @ cols[j]) / (norms[i] * norms[j])
    return S


def recommend(R, user, n):
    S = item_similarity(R)
    rated = [j for j in range(R.shape[1]) if R[user, j] != 0]
    candidates = []
    for i in range(R.shape[1]):
        if R[user, i] == 0:
            score = sum(S[i, j] * R[user, j] for j in rated)
            candidates.append((-score, i))
    return [i for _, i in heapq.nsmallest(n, candidates)]
