# mistake: returns the upper of the two middle values for even windows instead of their mean
# caught-by: even window sizes
import heapq
from collections import Counter


def sliding_window_median(values, w):
    low, high = [], []
    stale_low, stale_high = Counter(), Counter()
    n_low = n_high = 0

    def prune():
        while low and stale_low[-low[0]]:
            stale_low[-low[0]] -= 1
            heapq.heappop(low)
        while high and stale_high[high[0]]:
            stale_high[high[0]] -= 1
            heapq.heappop(high)

    medians = []
    for i, x in enumerate(values):
        if n_low == 0 or x <= -low[0]:
            heapq.heappush(low, -x)
            n_low += 1
        else:
            heapq.heappush(high, x)
            n_high += 1
        if i >= w:
            old = values[i - w]
            if old <= -low[0]:
                stale_low[old] += 1
                n_low -= 1
            else:
                stale_high[old] += 1
                n_high -= 1
            prune()
        while n_low > n_high + 1:
            heapq.heappush(high, -heapq.heappop(low))
            n_low, n_high = n_low - 1, n_high + 1
            prune()
        while n_low < n_high:
            heapq.heappush(low, -heapq.heappop(high))
            n_low, n_high = n_low + 1, n_high - 1
            prune()
        if i >= w - 1:
            medians.append(float(-low[0]) if w % 2 else float(high[0]))
    return medians
