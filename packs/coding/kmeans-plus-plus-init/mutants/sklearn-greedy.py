# mistake: calls scikit-learn's kmeans_plusplus, which runs the greedy variant (several
# candidates per step, keeps the best), so its picks do not follow plain D^2 sampling
# caught-by: D^2 sampling distribution
import numpy as np
from sklearn.cluster import kmeans_plusplus


def kmeans_pp_init(X, k, seed):
    _, indices = kmeans_plusplus(np.asarray(X, dtype=np.float64), k, random_state=seed)
    return np.asarray(indices, dtype=np.int64)
