# Another way: every update is a merge with a one-value stream (count 1, mean x, m2 0),
# and the squared-deviation sum grows by delta^2 * n_old / n_new (the same identity the
# merge uses), instead of the old-times-new deviation product.
import math


class RunningStats:
    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0

    @classmethod
    def _of(cls, count, mean, m2):
        out = cls()
        out.count, out.mean, out.m2 = count, mean, m2
        return out

    def _combine(self, count, mean, m2):
        n = self.count + count
        if n == 0:
            return 0, 0.0, 0.0
        delta = mean - self.mean
        new_mean = self.mean + delta * (count / n)
        new_m2 = self.m2 + m2 + delta * delta * (self.count * count / n)
        return n, new_mean, new_m2

    def update(self, x):
        self.count, self.mean, self.m2 = self._combine(1, float(x), 0.0)

    def variance(self, ddof=0):
        d = self.count - ddof
        return math.nan if d <= 0 else self.m2 / d

    def merge(self, other):
        return RunningStats._of(*self._combine(other.count, other.mean, other.m2))
