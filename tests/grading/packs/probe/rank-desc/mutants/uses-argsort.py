# mistake: calls numpy's argsort, which the statement rules out
# caught-by: uses only allowed libraries
import numpy as np


def solve(xs):
    return [int(i) for i in np.argsort([-x for x in xs], kind="stable")]
