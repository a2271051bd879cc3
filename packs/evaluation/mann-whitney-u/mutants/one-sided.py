# mistake: reports the upper tail 1 - Phi(z) without doubling it
# caught-by: examples from the statement
import math

import numpy as np

def _ranks(v):
    order = np.argsort(v, kind="stable")
    s = v[order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    sizes = np.diff(np.r_[starts, len(v)])
    r = np.empty(len(v))
    r[order] = np.repeat(starts + (sizes + 1) / 2, sizes)
    return r, sizes


def mann_whitney_u(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    n_x, n_y = len(x), len(y)
    n = n_x + n_y
    ranks, sizes = _ranks(np.concatenate([x, y]))
    u = ranks[:n_x].sum() - n_x * (n_x + 1) / 2
    var = n_x * n_y / 12 * ((n + 1) - np.sum(sizes**3 - sizes) / (n * (n - 1)))
    if var <= 0:
        return float(u), 1.0
    z = (abs(u - n_x * n_y / 2) - 0.5) / math.sqrt(var)
    return float(u), min(1.0, 0.5 * math.erfc(z / math.sqrt(2)))
