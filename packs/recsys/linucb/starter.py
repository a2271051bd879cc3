import numpy as np


class LinUCB:
    """Disjoint LinUCB: per arm, ridge regression of reward on context plus a confidence bonus."""

    def __init__(self, n_arms: int, dim: int, alpha: float, reg: float = 1.0) -> None:
        raise NotImplementedError

    def scores(self, contexts: np.ndarray) -> np.ndarray:
        """Upper confidence bound of each arm for this round's contexts (K, d) -> (K,)."""
        raise NotImplementedError

    def select(self, contexts: np.ndarray) -> int:
        """The arm with the highest score; the lowest index among ties."""
        raise NotImplementedError

    def update(self, arm: int, context: np.ndarray, reward: float) -> None:
        """Add the pulled arm's context (d,) and reward to that arm's statistics only."""
        raise NotImplementedError
