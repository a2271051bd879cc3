import numpy as np


class EpsilonGreedy:
    """Explore uniformly with probability epsilon, else pull the best empirical mean."""

    def __init__(self, n_arms: int, epsilon: float, seed: int) -> None:
        raise NotImplementedError

    def select(self) -> int:
        raise NotImplementedError

    def update(self, arm: int, reward: float) -> None:
        raise NotImplementedError


class UCB1:
    """Pull the arm with the highest mean + sqrt(2 ln t / n_a); every arm once first."""

    def __init__(self, n_arms: int) -> None:
        raise NotImplementedError

    def select(self) -> int:
        raise NotImplementedError

    def update(self, arm: int, reward: float) -> None:
        raise NotImplementedError


class ThompsonBeta:
    """Sample each arm's success rate from its Beta posterior; pull the largest sample."""

    def __init__(self, n_arms: int, seed: int, prior_a: float = 1.0, prior_b: float = 1.0) -> None:
        raise NotImplementedError

    def select(self) -> int:
        raise NotImplementedError

    def update(self, arm: int, reward: float) -> None:
        raise NotImplementedError


def run_bandit(policy, means: list[float], horizon: int, seed: int) -> list[float]:
    """Play `horizon` rounds on Bernoulli arms; return the cumulative pseudo-regret per round."""
    rng = np.random.default_rng(seed)  # noqa: F841
    raise NotImplementedError
