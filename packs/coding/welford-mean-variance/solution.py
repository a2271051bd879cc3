import math


class RunningStats:
    """Count, mean and variance of a stream, updated one value at a time (Welford)."""

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0  # sum of squared deviations from the current mean

    def update(self, x: float) -> None:
        """Add one value in O(1) time and memory."""
        self.count += 1
        delta = x - self.mean  # deviation from the old mean
        self.mean += delta / self.count
        self.m2 += delta * (x - self.mean)  # old deviation times new deviation

    def variance(self, ddof: int = 0) -> float:
        """Sum of squared deviations divided by (count - ddof); nan when that is <= 0."""
        if self.count - ddof <= 0:
            return math.nan
        return self.m2 / (self.count - ddof)

    def merge(self, other: "RunningStats") -> "RunningStats":
        """A new RunningStats for both streams together; neither operand changes."""
        out = RunningStats()
        out.count = self.count + other.count
        if out.count == 0:
            return out
        delta = other.mean - self.mean
        out.mean = self.mean + delta * other.count / out.count
        out.m2 = self.m2 + other.m2 + delta * delta * self.count * other.count / out.count
        return out
