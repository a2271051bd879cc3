# mistake: computes each CDF value by scanning a whole sample: O((n + m)^2)
# caught-by: runs in O(n log n)
import math

from scipy.special import kolmogorov


def ks_two_sample(x, y):
    x, y = [float(v) for v in x], [float(v) for v in y]
    d = 0.0
    for t in x + y:
        fx = sum(1 for v in x if v <= t) / len(x)
        fy = sum(1 for v in y if v <= t) / len(y)
        d = max(d, abs(fx - fy))
    return d, float(kolmogorov(math.sqrt(len(x) * len(y) / (len(x) + len(y))) * d))
