# mistake: keeps the running mean and squared deviations in numpy float32 (a float64 ->
# float32 downcast), so the mean is off after the 7th significant digit
# caught-by: random streams
import math

import numpy as np


class RunningStats:
    def __init__(self):
        self.count = 0
        self._mean = np.float32(0.0)
        self._m2 = np.float32(0.0)

    @property
    def mean(self):
        return float(self._mean)

    def update(self, x):
        self.count += 1
        delta = np.float32(x) - self._mean
        self._mean = np.float32(self._mean + delta / np.float32(self.count))
        self._m2 = np.float32(self._m2 + delta * (np.float32(x) - self._mean))

    def variance(self, ddof=0):
        d = self.count - ddof
        return math.nan if d <= 0 else float(self._m2) / d

    def merge(self, other):
        out = RunningStats()
        out.count = self.count + other.count
        if out.count == 0:
            return out
        delta = other._mean - self._mean
        out._mean = np.float32(self._mean + delta * np.float32(other.count / out.count))
        out._m2 = np.float32(
            self._m2 + other._m2 + delta * delta * np.float32(self.count * other.count / out.count)
        )
        return out
