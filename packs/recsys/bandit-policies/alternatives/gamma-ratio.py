# Plain-Python policies with sums instead of running means; exploration picks with
# Generator.choice, and Thompson draws each Beta(a, b) as the gamma ratio X / (X + Y)
# with X ~ Gamma(a), Y ~ Gamma(b): the same distribution through another sampler.
import math

import numpy as np


def _first_best(scores):
    top = max(scores)
    return scores.index(top)  # the lowest index among ties


class EpsilonGreedy:
    def __init__(self, n_arms, epsilon, seed):
        self.epsilon, self.rng = epsilon, np.random.default_rng(seed)
        self.pulls, self.wins = [0] * n_arms, [0.0] * n_arms

    def select(self):
        if self.rng.uniform() < self.epsilon:
            return int(self.rng.choice(len(self.pulls)))
        return _first_best([w / n if n else math.inf for w, n in zip(self.wins, self.pulls)])

    def update(self, arm, reward):
        self.pulls[arm] += 1
        self.wins[arm] += reward


class UCB1:
    def __init__(self, n_arms):
        self.pulls, self.wins = [0] * n_arms, [0.0] * n_arms

    def select(self):
        for arm, n in enumerate(self.pulls):
            if n == 0:
                return arm
        log_t = math.log(sum(self.pulls))
        return _first_best(
            [w / n + math.sqrt(2 * log_t / n) for w, n in zip(self.wins, self.pulls)]
        )

    def update(self, arm, reward):
        self.pulls[arm] += 1
        self.wins[arm] += reward


class ThompsonBeta:
    def __init__(self, n_arms, seed, prior_a=1.0, prior_b=1.0):
        self.rng = np.random.default_rng(seed)
        self.alpha = [float(prior_a)] * n_arms
        self.beta = [float(prior_b)] * n_arms

    def select(self):
        samples = []
        for a, b in zip(self.alpha, self.beta):
            x, y = self.rng.gamma(a), self.rng.gamma(b)
            samples.append(x / (x + y))
        return _first_best(samples)

    def update(self, arm, reward):
        if reward:
            self.alpha[arm] += 1
        else:
            self.beta[arm] += 1


def run_bandit(policy, means, horizon, seed):
    rng = np.random.default_rng(seed)
    best, out = max(means), []
    for _ in range(horizon):
        arm = policy.select()
        policy.update(arm, float(rng.random() < means[arm]))
        out.append((out[-1] if out else 0.0) + best - means[arm])
    return out
