# mistake: shuffles x and y separately, which never moves a value between groups (T* always equals T)
# caught-by: p-value matches the exact permutation distribution
import numpy as np


def permutation_test(x, y, n_perm=10_000, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    observed = x.mean() - y.mean()
    rng = np.random.default_rng(seed)
    count = 0
    for _ in range(n_perm):
        t_star = rng.permutation(x).mean() - rng.permutation(y).mean()
        count += abs(t_star) >= abs(observed) - 1e-9
    return float(observed), (1 + count) / (1 + n_perm)
