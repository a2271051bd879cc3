# mistake: returns the scores as a (n_arms, 1) column instead of the (n_arms,) array the statement asks for
# caught-by: scores after a few updates
import numpy as np


class LinUCB:
    """Disjoint LinUCB: per arm, ridge regression of reward on context plus a confidence bonus."""

    def __init__(self, n_arms: int, dim: int, alpha: float, reg: float = 1.0) -> None:
        self.alpha = alpha
        self.A = np.stack([reg * np.eye(dim) for _ in range(n_arms)])  # (K, d, d)
        self.b = np.zeros((n_arms, dim))  # (K, d)

    def scores(self, contexts: np.ndarray) -> np.ndarray:
        """Upper confidence bound of each arm for this round's contexts (K, d) -> (K,)."""
        out = np.empty((len(self.A), 1))
        for a, (A, b, x) in enumerate(zip(self.A, self.b, contexts)):
            theta = np.linalg.solve(A, b)  # ridge estimate (d,)
            width = np.sqrt(x @ np.linalg.solve(A, x))  # sqrt(x^T A^-1 x)
            out[a] = theta @ x + self.alpha * width
        return out

    def select(self, contexts: np.ndarray) -> int:
        """The arm with the highest score; the lowest index among ties."""
        return int(np.argmax(self.scores(contexts)))

    def update(self, arm: int, context: np.ndarray, reward: float) -> None:
        """Add the pulled arm's context (d,) and reward to that arm's statistics only."""
        self.A[arm] += np.outer(context, context)
        self.b[arm] += reward * context
