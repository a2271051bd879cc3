# scikit-learn's precision_recall_curve uses the same thresholds (distinct scores,
# score >= t), so the answer is a masked argmax over its arrays.
import numpy as np
from sklearn.metrics import precision_recall_curve


def precision_at_recall(y_true, y_score, min_recall):
    """Best precision at recall >= min_recall from sklearn's curve."""
    if not np.any(y_true):
        return float("nan"), float("nan")
    precision, recall, thresholds = precision_recall_curve(y_true, y_score)
    precision, recall = precision[:-1], recall[:-1]  # drop the final (recall 0) point
    allowed = recall >= min_recall
    best = precision[allowed].max()
    candidates = thresholds[allowed & (precision == best)]
    return float(best), float(candidates.max())
