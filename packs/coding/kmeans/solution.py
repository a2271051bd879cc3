import numpy as np


def kmeans(
    X: np.ndarray, k: int, *, max_iter: int = 100, tol: float = 1e-6, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster the rows of X into k groups; return (centroids (k, d), labels (n,))."""
    X = np.asarray(X, dtype=np.float64)  # (n, d)
    rng = np.random.default_rng(seed)
    centroids = seed_plus_plus(X, k, rng)  # (k, d)
    for _ in range(max_iter):
        labels = assign(X, centroids)  # (n,)
        new = update(X, labels, centroids)  # (k, d)
        shift = np.sqrt(((new - centroids) ** 2).sum(axis=1)).max()
        centroids = new
        if shift <= tol:
            break
    return centroids, assign(X, centroids)


def squared_distances(X: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """(n, k) squared Euclidean distances, from differences (no cancellation)."""
    diff = X[:, None, :] - centroids[None, :, :]  # (n, k, d)
    return (diff**2).sum(axis=-1)  # (n, k)


def seed_plus_plus(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: each new centroid is a row drawn with probability proportional to D(x)^2."""
    n, d = X.shape
    centroids = np.empty((k, d))
    centroids[0] = X[rng.integers(n)]
    d2 = squared_distances(X, centroids[:1])[:, 0]  # (n,) to the nearest centroid so far
    for j in range(1, k):
        total = d2.sum()
        i = rng.choice(n, p=d2 / total) if total > 0 else rng.integers(n)
        centroids[j] = X[i]
        d2 = np.minimum(d2, squared_distances(X, centroids[j : j + 1])[:, 0])
    return centroids


def assign(X: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Index of each row's nearest centroid; argmin keeps the lowest index on ties."""
    return squared_distances(X, centroids).argmin(axis=1)  # (n,)


def update(X: np.ndarray, labels: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Means of the clusters; an empty cluster moves to the point worst served so far."""
    k = len(centroids)
    counts = np.bincount(labels, minlength=k)  # (k,)
    sums = np.zeros_like(centroids)  # (k, d)
    np.add.at(sums, labels, X)
    new = centroids.copy()
    full = counts > 0
    new[full] = sums[full] / counts[full, None]
    # distance of each point to its own (updated) centroid; take the farthest for each
    # empty cluster, marking it used so two empty clusters never land on the same point
    own = ((X - new[labels]) ** 2).sum(axis=1)  # (n,)
    for j in np.flatnonzero(~full):
        far = int(own.argmax())
        new[j] = X[far]
        own[far] = -1.0
    return new
