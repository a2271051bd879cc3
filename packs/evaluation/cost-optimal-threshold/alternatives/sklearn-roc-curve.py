# scikit-learn's roc_curve already sweeps the distinct scores from high to low and
# counts false and true positives at each (flagging score >= threshold); with
# drop_intermediate=False it keeps every distinct score, and its first threshold (inf)
# flags nothing.
import warnings

import numpy as np
from sklearn.metrics import roc_curve


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    """Total cost at every point of the ROC curve; the first minimum is the highest threshold."""
    y = np.asarray(y_true).astype(int)
    with warnings.catch_warnings():  # one class only: the rates are undefined, the counts are not
        warnings.simplefilter("ignore")
        fpr, tpr, thresholds = roc_curve(y, np.asarray(y_score, dtype=float),
                                         drop_intermediate=False)
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    fp = np.rint(fpr * n_neg) if n_neg else np.zeros_like(fpr)  # (m + 1,) back to counts
    tp = np.rint(tpr * n_pos) if n_pos else np.zeros_like(tpr)
    costs = cost_fp * fp + cost_fn * (n_pos - tp)
    k = int(np.argmin(costs))
    return float(thresholds[k]), float(costs[k])
