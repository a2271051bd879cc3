# mistake: sweeps thresholds from low to high and keeps the first minimum, so ties go to the lowest threshold
# caught-by: equal costs pick the highest threshold
import numpy as np


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    best_t, best_cost = None, None
    for t in [*np.unique(s).tolist(), float("inf")]:  # ascending
        flagged = s >= t
        cost = float(cost_fp * np.sum(flagged & ~y) + cost_fn * np.sum(~flagged & y))
        if best_cost is None or cost < best_cost:
            best_t, best_cost = t, cost
    return float(best_t), best_cost
