# mistake: merge folds other into self and returns self, so the left operand changes
# caught-by: merge leaves its operands unchanged
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
        total = self.count + other.count
        if total == 0:
            return self
        delta = other.mean - self.mean
        self.m2 += other.m2 + delta * delta * self.count * other.count / total
        self.mean += delta * other.count / total
        self.count = total
        return self
