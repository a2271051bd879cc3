# O(d log k): a min-heap of the k best so far, keyed on (count, -first index) so the
# worst candidate (fewest counts, latest first appearance) sits on top.
import heapq


def top_k_frequent(items: list, k: int) -> list:
    """The k most frequent items, most frequent first; ties by first appearance."""
    if k <= 0:
        return []
    counts: dict = {}
    first: dict = {}
    for i, item in enumerate(items):
        counts[item] = counts.get(item, 0) + 1
        first.setdefault(item, i)
    heap: list[tuple[int, int, int]] = []  # (count, -first index, first index)
    for item, c in counts.items():
        entry = (c, -first[item], first[item])  # never compares the items themselves
        if len(heap) < k:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)
    best = sorted(heap, reverse=True)
    return [items[i] for _, _, i in best]
