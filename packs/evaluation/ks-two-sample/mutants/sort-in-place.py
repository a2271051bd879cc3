# mistake: sorts the caller's arrays in place (x.sort()) instead of sorted copies
# caught-by: inputs are left unchanged
import math

import numpy as np


def ks_two_sample(x, y):
    x.sort()
    y.sort()
    n, m = len(x), len(y)
    grid = np.concatenate([x, y])
    d = float(np.max(np.abs(np.searchsorted(x, grid, "right") / n - np.searchsorted(y, grid, "right") / m)))
    lam = math.sqrt(n * m / (n + m)) * d
    if lam <= 0:
        return d, 1.0
    if lam < 1.0:
        c = -(math.pi**2) / (8 * lam * lam)
        return d, 1.0 - math.sqrt(2 * math.pi) / lam * sum(math.exp(c * (2 * k - 1) ** 2) for k in range(1, 20))
    return d, min(1.0, sum(2.0 * (-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101)))
