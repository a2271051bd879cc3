# mistake: one candidate cut after every sorted sample instead of one per distinct score, so a cut can fall inside a group of tied scores
# caught-by: edge cases
import numpy as np


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    order = np.argsort(-s)
    s, y = s[order], y[order]
    tp = np.cumsum(y)
    fp = np.cumsum(1 - y)
    thresholds = np.r_[np.inf, s]
    costs = np.r_[cost_fn * y.sum(), cost_fp * fp + cost_fn * (y.sum() - tp)]
    k = int(np.argmin(costs))
    return float(thresholds[k]), float(costs[k])
