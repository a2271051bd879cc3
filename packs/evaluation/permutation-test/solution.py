import numpy as np


def permutation_test(
    x: np.ndarray, y: np.ndarray, n_perm: int = 10_000, seed: int = 0
) -> tuple[float, float]:
    """Observed mean(x) - mean(y) and its two-sided Monte Carlo permutation p-value."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pooled = np.concatenate([x, y])  # (N,)
    observed = x.mean() - y.mean()
    rng = np.random.default_rng(seed)
    # each row is one random ordering of the pooled values: first n_x go to x*, the rest to y*
    order = np.argsort(rng.random((n_perm, len(pooled))), axis=1)  # (n_perm, N)
    shuffled = pooled[order]
    t_star = shuffled[:, : len(x)].mean(axis=1) - shuffled[:, len(x) :].mean(axis=1)  # (n_perm,)
    extreme = np.sum(np.abs(t_star) >= abs(observed) - 1e-9)
    return float(observed), float((1 + extreme) / (1 + n_perm))
