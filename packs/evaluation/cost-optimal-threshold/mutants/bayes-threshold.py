# mistake: uses the decision-theory threshold c_fp / (c_fp + c_fn), as if the scores were calibrated probabilities
# caught-by: uncalibrated scores
import numpy as np


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    t = cost_fp / (cost_fp + cost_fn)
    flagged = s >= t
    cost = cost_fp * np.sum(flagged & ~y) + cost_fn * np.sum(~flagged & y)
    return float(t), float(cost)
