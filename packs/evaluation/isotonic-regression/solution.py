import numpy as np


def isotonic_regression(
    y: np.ndarray, w: np.ndarray | None = None, increasing: bool = True
) -> np.ndarray:
    """Weighted least-squares monotone fit of y, by pool adjacent violators."""
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if not increasing:  # a non-increasing fit of y is minus the non-decreasing fit of -y
        return -isotonic_regression(-y, w, increasing=True)
    # the stack of blocks, as parallel lists: fitted value, total weight, length
    values: list[float] = []
    weights: list[float] = []
    sizes: list[int] = []
    for yi, wi in zip(y.tolist(), w.tolist()):
        values.append(yi)
        weights.append(wi)
        sizes.append(1)
        while len(values) > 1 and values[-2] > values[-1]:  # pool the violating pair
            v, wt, k = values.pop(), weights.pop(), sizes.pop()
            total = weights[-1] + wt
            values[-1] = (values[-1] * weights[-1] + v * wt) / total
            weights[-1] = total
            sizes[-1] += k
    return np.repeat(np.array(values), sizes)  # (n,)
