# mistake: heapifies every distinct item and pops exactly k times, which raises
# IndexError when k exceeds the number of distinct items
# caught-by: k larger than the number of distinct items
import heapq


def top_k_frequent(items, k):
    counts, first = {}, {}
    for i, item in enumerate(items):
        counts[item] = counts.get(item, 0) + 1
        first.setdefault(item, i)
    heap = [(-c, first[item], item) for item, c in counts.items()]
    heapq.heapify(heap)
    return [heapq.heappop(heap)[2] for _ in range(max(k, 0))]
