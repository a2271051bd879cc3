# U by counting pairs directly (x > y counts 1, a tie 1/2) with broadcasting, O(n_x n_y);
# tie groups from np.unique for the variance.
import math

import numpy as np


def mann_whitney_u(x, y):
    """Mann-Whitney U by pair counting."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    u = float(np.sum(x[:, None] > y[None, :]) + 0.5 * np.sum(x[:, None] == y[None, :]))
    n_x, n_y = len(x), len(y)
    n = n_x + n_y
    _, t = np.unique(np.concatenate([x, y]), return_counts=True)
    var = n_x * n_y / 12 * ((n + 1) - np.sum(t**3 - t) / (n * (n - 1)))
    if var == 0:
        return [u, 1.0]
    z = (abs(u - n_x * n_y / 2) - 0.5) / math.sqrt(var)
    return [u, min(1.0, math.erfc(z / math.sqrt(2)))]
