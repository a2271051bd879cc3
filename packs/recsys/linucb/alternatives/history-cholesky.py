# Keep each arm's raw history and refit on demand: ridge theta by least squares on the
# rows stacked over sqrt(reg) I, and the bonus as |L^-1 x| with A = L L^T (Cholesky).
import numpy as np
from scipy.linalg import solve_triangular


class LinUCB:
    def __init__(self, n_arms, dim, alpha, reg=1.0):
        self.alpha, self.reg, self.dim = alpha, reg, dim
        self.X = [[] for _ in range(n_arms)]  # contexts seen by each arm
        self.r = [[] for _ in range(n_arms)]  # rewards seen by each arm

    def _score(self, arm, x):
        rows = np.array(self.X[arm]).reshape(-1, self.dim)
        design = np.vstack([rows, np.sqrt(self.reg) * np.eye(self.dim)])
        target = np.concatenate([np.array(self.r[arm], dtype=float), np.zeros(self.dim)])
        theta = np.linalg.lstsq(design, target, rcond=None)[0]
        L = np.linalg.cholesky(design.T @ design)  # A = reg I + sum x x^T
        width = np.linalg.norm(solve_triangular(L, x, lower=True))
        return theta @ x + self.alpha * width

    def scores(self, contexts):
        return np.array([self._score(a, x) for a, x in enumerate(contexts)])

    def select(self, contexts):
        s = self.scores(contexts)
        return min(range(len(s)), key=lambda a: (-s[a], a))

    def update(self, arm, context, reward):
        self.X[arm].append(np.array(context, dtype=float))
        self.r[arm].append(float(reward))
