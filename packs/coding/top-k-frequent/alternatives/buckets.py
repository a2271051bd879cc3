# O(n): bucket the distinct items by count, then walk the buckets from the top.
def top_k_frequent(items: list, k: int) -> list:
    """The k most frequent items, most frequent first; ties by first appearance."""
    counts: dict = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    buckets: list[list] = [[] for _ in range(len(items) + 1)]  # buckets[c]: items seen c times
    for item, c in counts.items():  # first-appearance order inside each bucket
        buckets[c].append(item)
    out: list = []
    for c in range(len(items), 0, -1):
        for item in buckets[c]:
            if len(out) >= k:
                return out
            out.append(item)
    return out
