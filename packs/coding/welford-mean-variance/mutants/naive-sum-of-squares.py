# mistake: keeps the sum and the sum of squares and uses E[x^2] - E[x]^2, which cancels catastrophically
# caught-by: large offset (1e9 + small noise)
import math


class RunningStats:
    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.total = 0.0
        self.total_sq = 0.0

    def update(self, x):
        self.count += 1
        self.total += x
        self.total_sq += x * x
        self.mean = self.total / self.count

    def variance(self, ddof=0):
        if self.count - ddof <= 0:
            return math.nan
        return (self.total_sq - self.total * self.total / self.count) / (self.count - ddof)

    def merge(self, other):
        out = RunningStats()
        out.count = self.count + other.count
        out.total = self.total + other.total
        out.total_sq = self.total_sq + other.total_sq
        out.mean = out.total / out.count if out.count else 0.0
        return out
