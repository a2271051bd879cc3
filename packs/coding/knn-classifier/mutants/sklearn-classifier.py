# mistake: calls scikit-learn's KNeighborsClassifier, which the statement rules out
# ("no library": write the distances and the vote yourself)
# caught-by: uses only allowed libraries
import numpy as np
from sklearn.neighbors import KNeighborsClassifier


def knn_predict(X_train, y_train, X_query, k):
    model = KNeighborsClassifier(n_neighbors=min(k, len(y_train)), algorithm="brute")
    model.fit(X_train, y_train)
    return np.asarray(model.predict(X_query))
