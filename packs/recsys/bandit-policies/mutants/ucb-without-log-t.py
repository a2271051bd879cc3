# mistake: the UCB bonus is sqrt(2 / n_a), without the log t that keeps exploration growing with time
# caught-by: UCB1 follows its index
import math

import numpy as np


def argmax_first(values: list[float]) -> int:
    """Index of the largest value; the lowest index among ties."""
    best = 0
    for a in range(1, len(values)):
        if values[a] > values[best]:
            best = a
    return best


class EpsilonGreedy:
    """Explore uniformly with probability epsilon, else pull the best empirical mean."""

    def __init__(self, n_arms: int, epsilon: float, seed: int) -> None:
        self.epsilon = epsilon
        self.rng = np.random.default_rng(seed)
        self.counts = [0] * n_arms
        self.means = [0.0] * n_arms
        self.sums = [0.0] * n_arms

    def select(self) -> int:
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(len(self.counts)))  # any arm, the best one included
        # unpulled arms count as +inf, so each is tried once before exploitation starts
        return argmax_first([m if c else math.inf for m, c in zip(self.means, self.counts)])

    def update(self, arm: int, reward: float) -> None:
        self.counts[arm] += 1
        self.sums[arm] += reward
        # total / pulls, not a running update: equal fractions must give equal floats (ties)
        self.means[arm] = self.sums[arm] / self.counts[arm]


class UCB1:
    """Pull the arm with the highest mean + sqrt(2 ln t / n_a); every arm once first."""

    def __init__(self, n_arms: int) -> None:
        self.counts = [0] * n_arms
        self.means = [0.0] * n_arms
        self.sums = [0.0] * n_arms

    def select(self) -> int:
        if 0 in self.counts:
            return self.counts.index(0)
        t = sum(self.counts)  # pulls so far
        bonus = [math.sqrt(2.0 / c) for c in self.counts]
        return argmax_first([m + b for m, b in zip(self.means, bonus)])

    def update(self, arm: int, reward: float) -> None:
        self.counts[arm] += 1
        self.sums[arm] += reward
        # total / pulls, not a running update: equal fractions must give equal floats (ties)
        self.means[arm] = self.sums[arm] / self.counts[arm]


class ThompsonBeta:
    """Sample each arm's success rate from its Beta posterior; pull the largest sample."""

    def __init__(self, n_arms: int, seed: int, prior_a: float = 1.0, prior_b: float = 1.0) -> None:
        self.rng = np.random.default_rng(seed)
        self.a = [prior_a] * n_arms  # prior + successes
        self.b = [prior_b] * n_arms  # prior + failures

    def select(self) -> int:
        samples = self.rng.beta(self.a, self.b)  # one draw per arm
        return argmax_first(list(samples))

    def update(self, arm: int, reward: float) -> None:
        self.a[arm] += reward
        self.b[arm] += 1.0 - reward


def run_bandit(policy, means: list[float], horizon: int, seed: int) -> list[float]:
    """Play `horizon` rounds on Bernoulli arms; return the cumulative pseudo-regret per round."""
    rng = np.random.default_rng(seed)
    best = max(means)
    regret, total = [], 0.0
    for _ in range(horizon):
        arm = policy.select()
        reward = 1.0 if rng.random() < means[arm] else 0.0  # one uniform draw per round
        policy.update(arm, reward)
        total += best - means[arm]  # expected loss of this choice, not the noisy reward
        regret.append(total)
    return regret
