# mistake: shuffles with numpy's global np.random.shuffle, so the seed argument is ignored and two calls differ
# caught-by: same seed, same result
import numpy as np


def permutation_test(x, y, n_perm=10_000, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pooled = np.concatenate([x, y])
    observed = x.mean() - y.mean()
    count = 0
    for _ in range(n_perm):
        np.random.shuffle(pooled)
        t_star = pooled[: len(x)].mean() - pooled[len(x) :].mean()
        count += abs(t_star) >= abs(observed) - 1e-9
    return float(observed), float((1 + count) / (1 + n_perm))
