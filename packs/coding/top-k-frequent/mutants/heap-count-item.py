# mistake: a min-heap of (count, item) pairs: on equal counts the heap compares the items
# themselves, so ties go to the larger value instead of the first appearance
# caught-by: ties broken by first appearance
import heapq
from collections import Counter


def top_k_frequent(items, k):
    if k <= 0:
        return []
    heap = []
    for item, count in Counter(items).items():
        heapq.heappush(heap, (count, item))
        if len(heap) > k:
            heapq.heappop(heap)
    return [item for count, item in sorted(heap, reverse=True)]
