# mistake: divides the pad tokens by the real tokens instead of by the padded tokens
# caught-by: padding ratio matches your batches
def bucket_batches(lengths, budget):
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    padded = sum(len(b) * lengths[b[0]] for b in batches)
    real = sum(lengths)
    return batches, (padded - real) / real if real else 0.0
