# mistake: counts with items.count(x) for every item: n scans of n items, O(n^2)
# caught-by: runs in O(n log k)
def top_k_frequent(items, k):
    if k <= 0:
        return []
    counts = {x: items.count(x) for x in items}
    return sorted(counts, key=lambda x: -counts[x])[:k]
