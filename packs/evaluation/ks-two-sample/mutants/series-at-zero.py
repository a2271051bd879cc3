# mistake: sums a fixed 100 terms of the alternating series, which does not converge for lambda near 0
# caught-by: identical samples give p = 1
import math

import numpy as np


def ks_two_sample(x, y):
    xs, ys = np.sort(np.asarray(x, float)), np.sort(np.asarray(y, float))
    grid = np.concatenate([xs, ys])
    d = float(np.max(np.abs(np.searchsorted(xs, grid, "right") / len(xs)
                            - np.searchsorted(ys, grid, "right") / len(ys))))
    lam = math.sqrt(len(xs) * len(ys) / (len(xs) + len(ys))) * d
    p = sum(2.0 * (-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, p
