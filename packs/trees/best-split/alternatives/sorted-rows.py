# No histograms: sort each feature's present rows by code (a stable sort), take running sums
# of g and h along them, and read every candidate off the last row of each distinct code.
# Thresholds between two used codes give the same split as the lower one, so only used
# codes (and 0, for "no present row on the left") need scanning, in increasing order.
import numpy as np


def split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma):
    parent = (G_L + G_R) ** 2 / (H_L + H_R + reg_lambda)
    return 0.5 * (G_L**2 / (H_L + reg_lambda) + G_R**2 / (H_R + reg_lambda) - parent) - gamma


def _candidates(col, g, h):
    """(threshold, G, H, count) of the present rows with code <= threshold, thresholds increasing."""
    present = np.flatnonzero(col >= 0)
    order = present[np.argsort(col[present], kind="stable")]
    codes = col[order]
    G, H = np.cumsum(g[order]), np.cumsum(h[order])
    ends = np.flatnonzero(np.r_[codes[1:] != codes[:-1], True]) if len(codes) else []
    out = [] if len(codes) and codes[0] == 0 else [(0, 0.0, 0.0, 0)]
    out += [(int(codes[e]), G[e], H[e], int(e) + 1) for e in ends]
    return out


def best_split(codes, g, h, n_bins, reg_lambda, gamma, min_child_weight):
    n, d = codes.shape
    G_all, H_all = g.sum(), h.sum()
    best = None
    for f in range(d):
        col = codes[:, f]
        missing = col < 0
        G_m, H_m, C_m = g[missing].sum(), h[missing].sum(), int(missing.sum())
        for b, G_p, H_p, C_p in _candidates(col, g, h):
            for default_left in (False, True):
                G_L = G_p + (G_m if default_left else 0.0)
                H_L = H_p + (H_m if default_left else 0.0)
                C_L = C_p + (C_m if default_left else 0)
                G_R, H_R = G_all - G_L, H_all - H_L
                if C_L in (0, n) or min(H_L, H_R) < min_child_weight:
                    continue
                gain = split_gain(G_L, H_L, G_R, H_R, reg_lambda, gamma)
                if gain > 0 and (best is None or gain > best["gain"]):
                    best = {
                        "feature": f,
                        "threshold": b,
                        "default_left": default_left,
                        "gain": float(gain),
                    }
    return best
