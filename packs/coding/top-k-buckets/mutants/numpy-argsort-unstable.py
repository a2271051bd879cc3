# mistake: sorts with numpy's default argsort, which is not stable: with many equal grades
# the indices inside a grade come out scrambled (small examples happen to look right)
# caught-by: ties keep index order
import numpy as np


def top_k_by_grade(grades, k, max_grade):
    if k <= 0 or not grades:
        return []
    order = np.argsort(-np.asarray(grades, dtype=np.int64))
    return [int(i) for i in order[:k]]
