import heapq
from collections import Counter


class _Half:
    """One side of the window: a heap (values times `sign`, so the top is the side's
    extreme) with lazy deletion of values that have left the window."""

    def __init__(self, sign: int) -> None:
        self.sign = sign  # -1: max-heap of the lower half, +1: min-heap of the upper half
        self.heap: list[float] = []
        self.stale: Counter[float] = Counter()  # values deleted but still in the heap
        self.size = 0  # live values

    def top(self) -> float:
        return self.sign * self.heap[0]

    def push(self, x: float) -> None:
        heapq.heappush(self.heap, self.sign * x)
        self.size += 1

    def pop(self) -> float:
        x = self.sign * heapq.heappop(self.heap)
        self.size -= 1
        self.prune()
        return x

    def remove(self, x: float) -> None:
        self.stale[x] += 1
        self.size -= 1
        self.prune()

    def prune(self) -> None:
        # drop deleted values while they sit on top, so top() is always live
        while self.heap and self.stale[self.top()]:
            self.stale[self.top()] -= 1
            heapq.heappop(self.heap)


def sliding_window_median(values: list[float], w: int) -> list[float]:
    """Return the median of every window of w consecutive values, left to right."""
    low, high = _Half(-1), _Half(1)  # low holds the smaller half, plus the middle if w is odd
    medians = []
    for i, x in enumerate(values):
        if low.size == 0 or x <= low.top():
            low.push(x)
        else:
            high.push(x)
        if i >= w:  # values[i - w] leaves; every live value <= low.top() can be taken from low
            old = values[i - w]
            (low if old <= low.top() else high).remove(old)
        while low.size > high.size + 1:
            high.push(low.pop())
        while low.size < high.size:
            low.push(high.pop())
        if i >= w - 1:
            if w % 2:
                medians.append(float(low.top()))
            else:
                medians.append((low.top() + high.top()) / 2)
    return medians
