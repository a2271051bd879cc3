# mistake: merges by adding the two sums of squared deviations, forgetting the term for the gap between the means
# caught-by: merge matches one long stream
import math


class RunningStats:
    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0

    def update(self, x):
        self.count += 1
        delta = x - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (x - self.mean)

    def variance(self, ddof=0):
        if self.count - ddof <= 0:
            return math.nan
        return self.m2 / (self.count - ddof)

    def merge(self, other):
        out = RunningStats()
        out.count = self.count + other.count
        if out.count:
            out.mean = (self.mean * self.count + other.mean * other.count) / out.count
        out.m2 = self.m2 + other.m2
        return out
