# mistake: ranks every candidate with np.argsort (numpy's default sort is not stable), so among many equal gains it picks an arbitrary one instead of the smallest feature and threshold
# caught-by: ties at scale: many equal gains
import numpy as np


def split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma):
    def score(G, H):
        return G * G / (H + reg_lambda)

    return 0.5 * (score(G_L, H_L) + score(G_R, H_R) - score(G_L + G_R, H_L + H_R)) - gamma


def best_split(codes, g, h, n_bins, reg_lambda, gamma, min_child_weight):
    n, d = codes.shape
    table = np.full((d, n_bins, 2), -np.inf)  # gain of every (feature, threshold, direction)
    for f in range(d):
        col = codes[:, f]
        present = col >= 0
        G = np.bincount(col[present], weights=g[present], minlength=n_bins)
        H = np.bincount(col[present], weights=h[present], minlength=n_bins)
        C = np.bincount(col[present], minlength=n_bins)
        miss = np.array([0.0, 1.0])[None, :]
        G_L = np.cumsum(G)[:, None] + miss * g[~present].sum()
        H_L = np.cumsum(H)[:, None] + miss * h[~present].sum()
        C_L = np.cumsum(C)[:, None] + miss * (~present).sum()
        G_R, H_R, C_R = g.sum() - G_L, h.sum() - H_L, n - C_L
        valid = (C_L > 0) & (C_R > 0) & (min_child_weight <= H_L) & (min_child_weight <= H_R)
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma)
        table[f] = np.where(valid, gain, -np.inf)
    best = int(np.argsort(-table.ravel())[0])  # highest gain first... but ties in any order
    f, b, direction = np.unravel_index(best, table.shape)
    if not table[f, b, direction] > 0:
        return None
    return {
        "feature": int(f),
        "threshold": int(b),
        "default_left": bool(direction),
        "gain": float(table[f, b, direction]),
    }
