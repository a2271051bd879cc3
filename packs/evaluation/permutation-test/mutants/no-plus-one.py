# mistake: p = count / n_perm without the +1 correction, so a strong effect gives p = 0
# caught-by: p-value is never 0
import numpy as np


def permutation_test(x, y, n_perm=10_000, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pooled = np.concatenate([x, y])
    observed = x.mean() - y.mean()
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(pooled, (n_perm, 1)), axis=1)
    t_star = shuffled[:, : len(x)].mean(axis=1) - shuffled[:, len(x):].mean(axis=1)
    return float(observed), float(np.mean(np.abs(t_star) >= abs(observed) - 1e-9))
