import numpy as np


def cost_optimal_threshold(
    y_true: np.ndarray, y_score: np.ndarray, cost_fp: float, cost_fn: float
) -> tuple[float, float]:
    """The threshold (a distinct score or inf) with the least total cost, and that cost."""
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    order = np.argsort(-s, kind="stable")  # highest score first
    s, y = s[order], y[order]
    last_of_group = np.r_[s[1:] != s[:-1], True]  # one threshold per distinct score
    tp = np.cumsum(y)[last_of_group]  # (m,)
    fp = np.cumsum(1.0 - y)[last_of_group]
    fn = y.sum() - tp
    # candidate 0 flags nothing; candidates 1..m are the distinct scores, high to low
    thresholds = np.r_[np.inf, s[last_of_group]]  # (m + 1,)
    costs = np.r_[cost_fn * y.sum(), cost_fp * fp + cost_fn * fn]  # (m + 1,)
    k = int(np.argmin(costs))  # argmin returns the first minimum: the highest threshold
    return float(thresholds[k]), float(costs[k])
