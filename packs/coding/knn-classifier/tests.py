import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

X_TRAIN = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [5.0, 6.0]])
Y_TRAIN = np.array([0, 0, 1, 1, 1, 2])
X_QUERY = np.array([[0.2, 0.1], [5.5, 5.5], [3.0, 3.0]])

suite.add(
    same_as_reference(
        "knn_predict",
        [Case.of(X_TRAIN, Y_TRAIN, X_QUERY, 3, label="the example from the statement")],
        name="the statement's example",
        compare_with="equal",
        hint="distances from each query to every training row, the k smallest, then a vote",
    )
)
