import numpy as np

MISSING = -1  # the code of a missing (NaN) value


def quantile_cuts(x: np.ndarray, max_bins: int) -> np.ndarray:
    """Increasing cut points for one feature; a value goes to bin #(cuts < value)."""
    s = np.sort(x[~np.isnan(x)])  # (n,) present values, ties kept
    n = s.size
    if n == 0:
        return np.empty(0)
    distinct = np.unique(s)
    if distinct.size <= max_bins:  # few values: each gets its own bin
        return distinct[:-1]
    # the j-th cut closes the bin holding the first ceil(j * n / B) sorted values
    ends = [(j * n + max_bins - 1) // max_bins - 1 for j in range(1, max_bins)]
    cuts = np.unique(s[ends])  # ties collapse several quantiles into one cut
    return cuts[cuts < s[-1]]  # a cut at the maximum would leave an empty last bin


def bin_matrix(X: np.ndarray, max_bins: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """Bin codes (n, d) of every feature (-1 for NaN) and each feature's cut points."""
    n, d = X.shape
    codes = np.full((n, d), MISSING, dtype=np.int64)
    all_cuts = []
    for f in range(d):
        col = X[:, f]
        cuts = quantile_cuts(col, max_bins)
        present = ~np.isnan(col)
        # bins are closed on the right: a value equal to a cut falls below it
        codes[present, f] = np.searchsorted(cuts, col[present], side="left")
        all_cuts.append(cuts)
    return codes, all_cuts
