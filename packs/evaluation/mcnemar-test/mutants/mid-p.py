# mistake: reports the mid-p value, counting only half of P(X = min(b, c)), instead of the exact binomial tail
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
        n, k = x + y, min(x, y)
        tail = sum(math.comb(n, i) for i in range(k)) + math.comb(n, k) / 2
        return float(k), min(1.0, 2 * tail / 2**n)
    stat = max(abs(x - y) - 1, 0) ** 2 / (x + y)
    return stat, math.erfc(math.sqrt(stat / 2))
