# mistake: re-sums the node's rows for every threshold instead of scanning the histogram
# caught-by: one pass to build histograms, one scan over the bins
import numpy as np


def split_gain(
    G_L: float, H_L: float, G_R: float, H_R: float, reg_lambda: float, gamma: float
) -> float:
    """Second-order loss reduction of splitting a node into (G_L, H_L) and (G_R, H_R)."""

    def score(G: float, H: float) -> float:
        return G * G / (H + reg_lambda)

    return 0.5 * (score(G_L, H_L) + score(G_R, H_R) - score(G_L + G_R, H_L + H_R)) - gamma


def best_split(
    codes: np.ndarray,
    g: np.ndarray,
    h: np.ndarray,
    n_bins: int,
    reg_lambda: float,
    gamma: float,
    min_child_weight: float,
) -> dict | None:
    """The highest-gain valid split of the node's rows, or None if none has positive gain."""
    n, d = codes.shape
    best: dict | None = None
    for f in range(d):
        col = codes[:, f]
        present = col >= 0
        # histograms over bins: sums of g and h, and row counts
        G = np.bincount(col[present], weights=g[present], minlength=n_bins)  # (n_bins,)
        H = np.bincount(col[present], weights=h[present], minlength=n_bins)
        C = np.bincount(col[present], minlength=n_bins)
        G_miss, H_miss, C_miss = g[~present].sum(), h[~present].sum(), int((~present).sum())
        G_tot, H_tot = G.sum() + G_miss, H.sum() + H_miss
        G_le, H_le, C_le = np.cumsum(G), np.cumsum(H), np.cumsum(C)  # rows with code <= b
        for b in range(n_bins):
            for default_left in (False, True):  # missing rows go right first, then left
                left = (col <= b) & present
                if default_left:
                    left = left | ~present
                G_L, H_L, C_L = g[left].sum(), h[left].sum(), int(left.sum())
                G_R, H_R, C_R = G_tot - G_L, H_tot - H_L, n - C_L
                if C_L == 0 or C_R == 0 or min(H_L, H_R) < min_child_weight:
                    continue
                gain = split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma)
                if gain > 0 and (best is None or gain > best["gain"]):
                    best = {"feature": f, "threshold": b, "default_left": default_left,
                            "gain": float(gain)}
    return best
