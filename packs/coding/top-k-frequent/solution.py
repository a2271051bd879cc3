import heapq


def top_k_frequent(items: list, k: int) -> list:
    """The k most frequent items, most frequent first; ties by first appearance."""
    if k <= 0:
        return []
    counts: dict = {}
    for item in items:  # a dict remembers insertion order: the order of first appearance
        counts[item] = counts.get(item, 0) + 1
    # nsmallest keeps a heap of k candidates, O(d log k); among equal keys it keeps the
    # iteration order, which is the order of first appearance
    return heapq.nsmallest(k, counts, key=lambda item: -counts[item])
