# mistake: leaves out the continuity correction, (b - c)^2 / (b + c)
# caught-by: chi-square form: examples
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
        return float(k), min(1.0, 2 * sum(math.comb(x + y, i) for i in range(k + 1)) / 2 ** (x + y))
    stat = (x - y) ** 2 / (x + y)
    return stat, math.erfc(math.sqrt(stat / 2))
