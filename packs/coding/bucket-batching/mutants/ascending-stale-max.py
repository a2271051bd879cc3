# mistake: sorts shortest first but tests the budget with the batch's first (shortest) length, not the new longest
# caught-by: every batch fits the budget
def bucket_batches(lengths, budget):
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    padded = sum(len(b) * max(lengths[i] for i in b) for b in batches)
    return batches, (padded - sum(lengths)) / padded if padded else 0.0
