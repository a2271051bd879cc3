# The same policies with numpy state arrays and a shared base class; ties resolved by
# np.argmax (first maximum). Thompson draws through Generator.beta on arrays.
import numpy as np


class _Counts:
    def __init__(self, n_arms):
        self.pulls = np.zeros(n_arms)
        self.total = np.zeros(n_arms)

    def update(self, arm, reward):
        self.pulls[arm] += 1
        self.total[arm] += reward

    def mean(self):
        return np.divide(
            self.total, self.pulls, out=np.full_like(self.total, np.inf), where=self.pulls > 0
        )  # unpulled arms rank first


class EpsilonGreedy(_Counts):
    def __init__(self, n_arms, epsilon, seed):
        super().__init__(n_arms)
        self.epsilon, self.rng = epsilon, np.random.default_rng(seed)

    def select(self):
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(len(self.pulls)))
        return int(np.argmax(self.mean()))


class UCB1(_Counts):
    def select(self):
        if (self.pulls == 0).any():
            return int(np.argmax(self.pulls == 0))
        t = self.pulls.sum()
        return int(np.argmax(self.total / self.pulls + np.sqrt(2 * np.log(t) / self.pulls)))


class ThompsonBeta:
    def __init__(self, n_arms, seed, prior_a=1.0, prior_b=1.0):
        self.rng = np.random.default_rng(seed)
        self.ab = np.tile([prior_a, prior_b], (n_arms, 1)).astype(float)  # (K, 2)

    def select(self):
        return int(np.argmax(self.rng.beta(self.ab[:, 0], self.ab[:, 1])))

    def update(self, arm, reward):
        self.ab[arm] += (reward, 1.0 - reward)


def run_bandit(policy, means, horizon, seed):
    rng = np.random.default_rng(seed)
    uniforms = iter(rng.random(horizon))  # the same stream, one number per round
    gaps = max(means) - np.asarray(means)
    chosen = []
    for _ in range(horizon):
        arm = policy.select()
        policy.update(arm, float(next(uniforms) < means[arm]))
        chosen.append(arm)
    return np.cumsum(gaps[chosen]).tolist()
