# mistake: counts only permutations with T* >= T (one tail) instead of |T*| >= |T|
# caught-by: p-value matches the exact permutation distribution
import numpy as np


def permutation_test(x, y, n_perm=10_000, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pooled = np.concatenate([x, y])
    observed = x.mean() - y.mean()
    rng = np.random.default_rng(seed)
    count = 0
    for _ in range(n_perm):
        s = rng.permutation(pooled)
        if s[: len(x)].mean() - s[len(x):].mean() >= observed - 1e-9:
            count += 1
    return float(observed), (1 + count) / (1 + n_perm)
