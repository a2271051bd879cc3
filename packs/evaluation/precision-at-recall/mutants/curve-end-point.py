# mistake: keeps the last point of scikit-learn's precision-recall curve (precision 1 at recall 0), which no threshold reaches
# caught-by: edge cases
import numpy as np
from sklearn.metrics import precision_recall_curve


def precision_at_recall(y_true, y_score, min_recall):
    if not np.any(y_true):
        return float("nan"), float("nan")
    precision, recall, thresholds = precision_recall_curve(y_true, y_score)
    allowed = recall >= min_recall
    best = precision[allowed].max()
    k = np.flatnonzero(allowed & (precision == best))[-1]
    return float(best), float(thresholds[min(k, len(thresholds) - 1)])
