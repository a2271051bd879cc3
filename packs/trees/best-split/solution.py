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
        miss = np.array([0.0, 1.0])[None, :]  # (1, 2): missing rows right, then left
        # left-child sums for every (threshold, direction): rows with code <= b, plus missing
        G_L = np.cumsum(G)[:, None] + miss * g[~present].sum()  # (n_bins, 2)
        H_L = np.cumsum(H)[:, None] + miss * h[~present].sum()
        C_L = np.cumsum(C)[:, None] + miss * (~present).sum()
        G_R, H_R, C_R = g.sum() - G_L, h.sum() - H_L, n - C_L
        valid = (C_L > 0) & (C_R > 0) & (min_child_weight <= H_L) & (min_child_weight <= H_R)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 only where not valid
            gain = split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma)  # (n_bins, 2)
        gain = np.where(valid, gain, -np.inf)
        b, direction = np.unravel_index(np.argmax(gain), gain.shape)  # first of equal maxima
        if gain[b, direction] > 0 and (best is None or gain[b, direction] > best["gain"]):
            best = {
                "feature": f,
                "threshold": int(b),
                "default_left": bool(direction),
                "gain": float(gain[b, direction]),
            }
    return best
