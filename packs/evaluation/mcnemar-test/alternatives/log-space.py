# The binomial tail in log space with lgamma and a log-sum-exp, no big integers.
import math

import numpy as np


def mcnemar_test(correct_a, correct_b, exact=True):
    """McNemar's test with a log-space binomial tail."""
    a = np.asarray(correct_a).astype(bool)
    b = np.asarray(correct_b).astype(bool)
    x, y = int(np.sum(a & ~b)), int(np.sum(~a & b))
    n = x + y
    if n == 0:
        return (0.0, 1.0)
    if exact:
        k = min(x, y)
        logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) - n * math.log(2)
                for i in range(k + 1)]
        top = max(logs)
        log_tail = top + math.log(sum(math.exp(v - top) for v in logs))
        return (float(k), min(1.0, 2.0 * math.exp(log_tail)))
    stat = max(abs(x - y) - 1, 0) ** 2 / n
    return (stat, math.erfc(math.sqrt(stat / 2)))
