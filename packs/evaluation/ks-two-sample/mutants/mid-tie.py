# mistake: merges the two sorted samples and measures the gap after every single observation, even inside a tie
# caught-by: tied values
import math


def _q(lam):
    if lam <= 0:
        return 1.0
    if lam < 1.0:
        c = -(math.pi**2) / (8 * lam * lam)
        return 1.0 - math.sqrt(2 * math.pi) / lam * sum(math.exp(c * (2 * k - 1) ** 2) for k in range(1, 20))
    return sum(2.0 * (-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))


def ks_two_sample(x, y):
    n, m = len(x), len(y)
    merged = sorted([(float(v), 0) for v in x] + [(float(v), 1) for v in y])
    fx = fy = d = 0.0
    for _, which in merged:
        if which == 0:
            fx += 1 / n
        else:
            fy += 1 / m
        d = max(d, abs(fx - fy))
    return d, _q(math.sqrt(n * m / (n + m)) * d)
