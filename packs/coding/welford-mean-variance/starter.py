class RunningStats:
    """Count, mean and variance of a stream, updated one value at a time."""

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0

    def update(self, x: float) -> None:
        """Add one value in O(1) time and memory."""
        raise NotImplementedError

    def variance(self, ddof: int = 0) -> float:
        """Sum of squared deviations divided by (count - ddof); nan when that is <= 0."""
        raise NotImplementedError

    def merge(self, other: "RunningStats") -> "RunningStats":
        """A new RunningStats for both streams together; neither operand changes."""
        raise NotImplementedError
