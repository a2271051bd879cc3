# Another acceptable batching: fill from the shortest sequence up. Each new sequence is
# the batch's longest, so it sets the padded length; the batch count is the same as
# longest-first, and the padding stays within a few percent of it.
def bucket_batches(lengths, budget):
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[i] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    padded = sum(len(b) * lengths[b[-1]] for b in batches)
    real = sum(lengths)
    return batches, (padded - real) / padded if padded else 0.0
