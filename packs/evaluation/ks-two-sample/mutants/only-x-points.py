# mistake: evaluates the two CDFs only at the values of x, missing gaps that open where y jumps
# caught-by: statistic and p-value: examples
import math

import numpy as np
from scipy.special import kolmogorov


def ks_two_sample(x, y):
    xs, ys = np.sort(np.asarray(x, float)), np.sort(np.asarray(y, float))
    gap = np.abs(np.searchsorted(xs, xs, "right") / len(xs) - np.searchsorted(ys, xs, "right") / len(ys))
    d = float(gap.max())
    return d, float(kolmogorov(math.sqrt(len(xs) * len(ys) / (len(xs) + len(ys))) * d))
