# mistake: uses n + m as the effective sample size instead of n*m / (n + m)
# caught-by: p-value on a moderate shift
import math

import numpy as np
from scipy.special import kolmogorov


def ks_two_sample(x, y):
    xs, ys = np.sort(np.asarray(x, float)), np.sort(np.asarray(y, float))
    grid = np.concatenate([xs, ys])
    d = float(np.max(np.abs(np.searchsorted(xs, grid, "right") / len(xs)
                            - np.searchsorted(ys, grid, "right") / len(ys))))
    return d, float(kolmogorov(math.sqrt(len(xs) + len(ys)) * d))
