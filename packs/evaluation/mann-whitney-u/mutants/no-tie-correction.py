# mistake: uses the no-ties variance n_x n_y (N + 1) / 12 even when values are tied
# caught-by: tied values
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
    ranks, _ = _ranks(np.concatenate([x, y]))
    u = ranks[:n_x].sum() - n_x * (n_x + 1) / 2
    sd = math.sqrt(n_x * n_y * (n_x + n_y + 1) / 12)
    z = (abs(u - n_x * n_y / 2) - 0.5) / sd
    return float(u), min(1.0, math.erfc(z / math.sqrt(2)))
