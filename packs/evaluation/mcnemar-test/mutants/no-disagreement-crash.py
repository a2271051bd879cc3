# mistake: divides by b + c without handling models that never disagree
# caught-by: models never disagree
import math

import numpy as np


def mcnemar_test(correct_a, correct_b, exact=True):
    a = np.asarray(correct_a).astype(bool)
    b = np.asarray(correct_b).astype(bool)
    x, y = int(np.sum(a & ~b)), int(np.sum(~a & b))
    if exact:
        k = min(x, y)
        return float(k), min(1.0, 2 * sum(math.comb(x + y, i) for i in range(k + 1)) / 2 ** (x + y))
    stat = max(abs(x - y) - 1, 0) ** 2 / (x + y)
    return stat, math.erfc(math.sqrt(stat / 2))
