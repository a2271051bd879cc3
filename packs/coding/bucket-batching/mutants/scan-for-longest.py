# mistake: builds each batch by scanning all remaining sequences for the longest one: quadratic
# caught-by: runs in O(n log n)
def bucket_batches(lengths, budget):
    remaining = list(range(len(lengths)))
    batches = []
    while remaining:
        first = max(remaining, key=lambda i: (lengths[i], -i))
        remaining.remove(first)
        batch = [first]
        while remaining and (len(batch) + 1) * lengths[first] <= budget:
            nxt = max(remaining, key=lambda i: (lengths[i], -i))
            remaining.remove(nxt)
            batch.append(nxt)
        batches.append(batch)
    padded = sum(len(b) * lengths[b[0]] for b in batches)
    return batches, (padded - sum(lengths)) / padded if padded else 0.0
