# mistake: reports the one-sided tail P(X <= min(b, c)) instead of doubling it
# caught-by: exact test: examples
import math

import numpy as np


def mcnemar_test(correct_a, correct_b, exact=True):
    a = np.asarray(correct_a).astype(bool)
    b = np.asarray(correct_b).astype(bool)
    x, y = int(np.sum(a & ~b)), int(np.sum(~a & b))
    if x + y == 0:
        return 0.0, 1.0
    if exact:
        k = min(x, y)
        return float(k), sum(math.comb(x + y, i) for i in range(k + 1)) / 2 ** (x + y)
    stat = max(abs(x - y) - 1, 0) ** 2 / (x + y)
    return stat, math.erfc(math.sqrt(stat / 2))
