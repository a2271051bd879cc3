# mistake: only considers the observed scores as thresholds, never the option of flagging nothing
# caught-by: flagging nothing is cheapest
import numpy as np


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last]
    fp = np.cumsum(1 - y)[last]
    costs = cost_fp * fp + cost_fn * (y.sum() - tp)
    k = int(np.argmin(costs))
    return float(s[last][k]), float(costs[k])
