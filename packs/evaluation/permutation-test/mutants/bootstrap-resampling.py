# mistake: draws the pooled values with replacement (a bootstrap) instead of shuffling them, so a value can land in both groups or in neither
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
        sample = rng.choice(pooled, size=len(pooled), replace=True)
        t_star = sample[: len(x)].mean() - sample[len(x) :].mean()
        count += abs(t_star) >= abs(observed) - 1e-9
    return float(observed), float((1 + count) / (1 + n_perm))
