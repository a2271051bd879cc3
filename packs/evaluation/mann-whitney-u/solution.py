import math

import numpy as np


def mann_whitney_u(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """U of x and its two-sided normal-approximation p-value (tie and continuity corrected)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n_x, n_y = len(x), len(y)
    n = n_x + n_y
    pooled = np.concatenate([x, y])  # (N,)
    order = np.argsort(pooled, kind="stable")
    values = pooled[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])  # first index of each tie group
    sizes = np.diff(np.r_[starts, n])  # (g,) tie group sizes t_k
    ranks = np.empty(n)
    ranks[order] = np.repeat(starts + (sizes + 1) / 2.0, sizes)  # average rank of each group
    u = ranks[:n_x].sum() - n_x * (n_x + 1) / 2.0
    mu = n_x * n_y / 2.0
    tie_term = float(np.sum(sizes**3 - sizes)) / (n * (n - 1))
    var = n_x * n_y / 12.0 * ((n + 1) - tie_term)
    if var <= 0:
        return float(u), 1.0  # every value identical: no evidence either way
    z = (abs(u - mu) - 0.5) / math.sqrt(var)
    return float(u), min(1.0, math.erfc(z / math.sqrt(2.0)))
