# mistake: returns scikit-learn's average_precision_score as is, which gives 0 (with a warning) when there is no positive, where the statement asks for nan
# caught-by: no positive labels gives nan
from sklearn.metrics import average_precision_score


def average_precision(y_true, y_score):
    return float(average_precision_score(y_true, y_score))
