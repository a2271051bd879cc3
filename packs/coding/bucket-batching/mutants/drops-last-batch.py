# mistake: appends a batch only when the next sequence does not fit, so the last batch is never added
# caught-by: every sequence in exactly one batch
def bucket_batches(lengths, budget):
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches, current = [], []
    for i in order:
        if current and (len(current) + 1) * lengths[current[0]] > budget:
            batches.append(current)
            current = []
        current.append(i)
    padded = sum(len(b) * lengths[b[0]] for b in batches)
    real = sum(lengths[i] for b in batches for i in b)
    return batches, (padded - real) / padded if padded else 0.0
