# Keep A^-1 directly and update it with the Sherman-Morrison formula (O(d^2) per pull, no
# solves); theta is kept up to date in the same step.
import numpy as np


class LinUCB:
    def __init__(self, n_arms, dim, alpha, reg=1.0):
        self.alpha = alpha
        self.A_inv = [np.eye(dim) / reg for _ in range(n_arms)]
        self.b = [np.zeros(dim) for _ in range(n_arms)]
        self.theta = [np.zeros(dim) for _ in range(n_arms)]

    def scores(self, contexts):
        return np.array(
            [
                th @ x + self.alpha * np.sqrt(x @ Ai @ x)
                for th, Ai, x in zip(self.theta, self.A_inv, contexts)
            ]
        )

    def select(self, contexts):
        s = self.scores(contexts)
        return int(np.flatnonzero(s == s.max())[0])

    def update(self, arm, context, reward):
        Ai, x = self.A_inv[arm], np.asarray(context, dtype=float)
        Ax = Ai @ x
        self.A_inv[arm] = Ai - np.outer(Ax, Ax) / (1.0 + x @ Ax)  # (A + x x^T)^-1
        self.b[arm] = self.b[arm] + reward * x
        self.theta[arm] = self.A_inv[arm] @ self.b[arm]
