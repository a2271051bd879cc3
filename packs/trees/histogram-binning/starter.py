import numpy as np


def quantile_cuts(x: np.ndarray, max_bins: int) -> np.ndarray:
    """Increasing cut points for one feature; a value goes to bin #(cuts < value)."""
    raise NotImplementedError


def bin_matrix(X: np.ndarray, max_bins: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """Bin codes (n, d) of every feature (-1 for NaN) and each feature's cut points."""
    raise NotImplementedError
