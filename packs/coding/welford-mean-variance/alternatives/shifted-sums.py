# A different algorithm: sums of (x - K) and (x - K)^2 around a shift K, the first value seen.
# Shifting by a value close to the data removes the catastrophic cancellation.
import math


class RunningStats:
    """Count, mean and variance from shifted sums."""

    def __init__(self) -> None:
        self.count = 0
        self.shift = 0.0
        self.s1 = 0.0  # sum of (x - shift)
        self.s2 = 0.0  # sum of (x - shift)^2

    @property
    def mean(self) -> float:
        """The running mean."""
        return self.shift + self.s1 / self.count if self.count else 0.0

    def update(self, x: float) -> None:
        """Add one value."""
        if self.count == 0:
            self.shift = float(x)
        y = x - self.shift
        self.count += 1
        self.s1 += y
        self.s2 += y * y

    def variance(self, ddof: int = 0) -> float:
        """Sum of squared deviations over (count - ddof); nan when that is <= 0."""
        if self.count - ddof <= 0:
            return math.nan
        return max(self.s2 - self.s1 * self.s1 / self.count, 0.0) / (self.count - ddof)

    def merge(self, other: "RunningStats") -> "RunningStats":
        """A new object for both streams; re-express other's sums around self's shift."""
        out = RunningStats()
        base = self if self.count else other
        out.shift, out.count = base.shift, self.count + other.count
        for part in (self, other):
            c = part.shift - out.shift  # (x - out.shift) = (x - part.shift) + c
            out.s1 += part.s1 + part.count * c
            out.s2 += part.s2 + 2 * c * part.s1 + part.count * c * c
        return out
