import numpy as np


def population_stability_index(
    expected: np.ndarray, actual: np.ndarray, n_bins: int = 10, eps: float = 1e-4
) -> float:
    """PSI between a reference and a live sample, on quantile bins of the reference."""
    expected = np.asarray(expected, dtype=float)
    actual = np.asarray(actual, dtype=float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)  # (B - 1,) inner edges
    # bin k is [edges[k-1], edges[k]), open at both ends: its index is the number of edges <= v
    bin_e = np.searchsorted(edges, expected, side="right")  # (n,) bin index of each value
    bin_a = np.searchsorted(edges, actual, side="right")  # (m,)
    e = np.bincount(bin_e, minlength=n_bins) / len(expected)
    a = np.bincount(bin_a, minlength=n_bins) / len(actual)
    e, a = np.maximum(e, eps), np.maximum(a, eps)  # floor empty bins: no log(0)
    return float(np.sum((a - e) * np.log(a / e)))
