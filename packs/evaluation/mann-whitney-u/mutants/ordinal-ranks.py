# mistake: ranks the pooled values with argsort(argsort(...)), so tied values get distinct ranks
# caught-by: tied values
import math

import numpy as np


def mann_whitney_u(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    n_x, n_y = len(x), len(y)
    n = n_x + n_y
    pooled = np.concatenate([x, y])
    ranks = np.argsort(np.argsort(pooled, kind="stable"), kind="stable") + 1.0
    u = ranks[:n_x].sum() - n_x * (n_x + 1) / 2
    _, sizes = np.unique(pooled, return_counts=True)
    var = n_x * n_y / 12 * ((n + 1) - np.sum(sizes**3 - sizes) / (n * (n - 1)))
    if var <= 0:
        return float(u), 1.0
    z = (abs(u - n_x * n_y / 2) - 0.5) / math.sqrt(var)
    return float(u), min(1.0, math.erfc(z / math.sqrt(2)))
