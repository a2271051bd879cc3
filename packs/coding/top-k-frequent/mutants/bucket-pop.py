# mistake: bucket sort by count, but each bucket is emptied with pop() from its end, so
# tied items come out in reverse order of first appearance
# caught-by: ties broken by first appearance
def top_k_frequent(items, k):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    buckets = [[] for _ in range(len(items) + 1)]
    for item, count in counts.items():
        buckets[count].append(item)
    out = []
    for count in range(len(items), 0, -1):
        while buckets[count] and len(out) < k:
            out.append(buckets[count].pop())
    return out
