# mistake: collects the scores and takes numpy's default argsort, which is not stable:
# with many equal scores the arrival order inside a tie is lost (and it holds all n pairs)
# caught-by: ties keep arrival order
import numpy as np


def top_k_stream(stream, k):
    pairs = [tuple(p) for p in stream]
    if k <= 0 or not pairs:
        return []
    order = np.argsort(-np.array([s for _, s in pairs], dtype=np.float64))
    return [pairs[int(i)] for i in order[:k]]
