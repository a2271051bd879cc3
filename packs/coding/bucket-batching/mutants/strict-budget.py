# mistake: requires the padded size to stay strictly below the budget, so exact fits open an extra batch
# caught-by: no more batches than needed
def bucket_batches(lengths, budget):
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] < budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    padded = sum(len(b) * lengths[b[0]] for b in batches)
    return batches, (padded - sum(lengths)) / padded if padded else 0.0
