# mistake: calls scikit-learn's roc_auc_score, which the statement forbids
# caught-by: uses only allowed libraries
import numpy as np
from sklearn.metrics import roc_auc_score


def roc_auc(y_true, y_score):
    y = np.asarray(y_true).astype(int)
    if y.min() == y.max():
        return float("nan")
    return float(roc_auc_score(y, y_score))
