# mistake: lazy deletion, but the halves are balanced by len(heap), which still counts values that left the window
# caught-by: random windows
import heapq
from collections import Counter


def sliding_window_median(values, w):
    low, high = [], []  # max-heap (negated) and min-heap
    stale = Counter()

    def prune():
        while low and stale[-low[0]]:
            stale[-low[0]] -= 1
            heapq.heappop(low)
        while high and stale[high[0]]:
            stale[high[0]] -= 1
            heapq.heappop(high)

    medians = []
    for i, x in enumerate(values):
        if not low or x <= -low[0]:
            heapq.heappush(low, -x)
        else:
            heapq.heappush(high, x)
        if i >= w:
            stale[values[i - w]] += 1
            prune()
        while len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
            prune()
        while len(low) < len(high):
            heapq.heappush(low, -heapq.heappop(high))
            prune()
        if i >= w - 1:
            medians.append(float(-low[0]) if w % 2 else (-low[0] + high[0]) / 2)
    return medians
