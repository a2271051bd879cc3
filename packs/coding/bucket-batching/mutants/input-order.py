# mistake: fills batches in input order without sorting by length, so short and long sequences share batches
# caught-by: padding within 10% of the sorted greedy
def bucket_batches(lengths, budget):
    batches, longest = [], []
    for i, n in enumerate(lengths):
        if batches and (len(batches[-1]) + 1) * max(longest[-1], n) <= budget:
            batches[-1].append(i)
            longest[-1] = max(longest[-1], n)
        else:
            batches.append([i])
            longest.append(n)
    padded = sum(len(b) * m for b, m in zip(batches, longest))
    return batches, (padded - sum(lengths)) / padded if padded else 0.0
