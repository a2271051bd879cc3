import math

import numpy as np


def kolmogorov_sf(lam: float) -> float:
    """Q(lam) = P(K > lam) for the Kolmogorov distribution, by whichever series converges fast."""
    if lam <= 0.0:
        return 1.0
    if lam < 1.0:  # Jacobi's form: 1 - CDF, whose terms vanish quickly for small lam
        c = -(math.pi**2) / (8.0 * lam * lam)
        terms = sum(math.exp(c * (2 * k - 1) ** 2) for k in range(1, 20))
        return 1.0 - math.sqrt(2.0 * math.pi) / lam * terms
    terms = (2.0 * (-1) ** (k - 1) * math.exp(-2.0 * k * k * lam * lam) for k in range(1, 101))
    return min(1.0, max(0.0, sum(terms)))


def ks_two_sample(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Two-sample KS statistic D and its asymptotic two-sided p-value."""
    xs = np.sort(np.asarray(x, dtype=float))
    ys = np.sort(np.asarray(y, dtype=float))
    n, m = len(xs), len(ys)
    grid = np.concatenate([xs, ys])  # (n + m,) every place a CDF can jump
    # side="right" counts every observation <= t: the CDFs after the whole tie at t
    cdf_x = np.searchsorted(xs, grid, side="right") / n
    cdf_y = np.searchsorted(ys, grid, side="right") / m
    d = float(np.max(np.abs(cdf_x - cdf_y)))
    return d, kolmogorov_sf(math.sqrt(n * m / (n + m)) * d)
