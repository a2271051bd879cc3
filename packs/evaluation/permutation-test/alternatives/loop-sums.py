# A loop over permutations that only tracks the sum of x*: the sum of y* is the pooled
# total minus it, so each permutation costs one shuffle and one sum.
import numpy as np


def permutation_test(x, y, n_perm=10_000, seed=0):
    """Permutation test with running sums."""
    pooled = np.concatenate([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    n_x, n_y = len(x), len(y)
    total = pooled.sum()
    observed = float(np.mean(x) - np.mean(y))
    rng = np.random.default_rng(seed)
    extreme = 0
    for _ in range(n_perm):
        rng.shuffle(pooled)
        sx = pooled[:n_x].sum()
        if abs(sx / n_x - (total - sx) / n_y) >= abs(observed) - 1e-9:
            extreme += 1
    return observed, (1 + extreme) / (1 + n_perm)
