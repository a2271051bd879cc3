# mistake: reports the mean cost per sample instead of the total cost
# caught-by: examples from the statement
import numpy as np


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last]
    fp = np.cumsum(1 - y)[last]
    thresholds = np.r_[np.inf, s[last]]
    costs = np.r_[cost_fn * y.sum(), cost_fp * fp + cost_fn * (y.sum() - tp)] / len(y)
    k = int(np.argmin(costs))
    return float(thresholds[k]), float(costs[k])
