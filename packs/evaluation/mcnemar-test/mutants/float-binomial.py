# mistake: computes binomial probabilities as comb(n, k) * 0.5**n in floats, which overflows for thousands of trials
# caught-by: thousands of disagreements
import math

import numpy as np


def mcnemar_test(correct_a, correct_b, exact=True):
    a = np.asarray(correct_a).astype(bool)
    b = np.asarray(correct_b).astype(bool)
    x, y = int(np.sum(a & ~b)), int(np.sum(~a & b))
    n = x + y
    if n == 0:
        return 0.0, 1.0
    if exact:
        k = min(x, y)
        tail = sum(math.comb(n, i) * 0.5**n for i in range(k + 1))
        return float(k), min(1.0, 2 * tail)
    stat = max(abs(x - y) - 1, 0) ** 2 / n
    return stat, math.erfc(math.sqrt(stat / 2))
