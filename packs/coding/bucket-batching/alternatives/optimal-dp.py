# Another algorithm: dynamic programming over the lengths sorted ascending. best[j] is the
# (fewest batches, fewest padded tokens) for the j shortest sequences, trying every last
# batch [i, j) that fits. It never does worse than the greedy on either count.
def bucket_batches(lengths, budget):
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    srt = [lengths[i] for i in order]
    n = len(srt)
    best = [(0, 0)] + [None] * n
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        longest = srt[j - 1]  # the last batch's longest sequence
        i = j - 1
        while i >= 0 and (j - i) * longest <= budget:
            b, p = best[i]
            cand = (b + 1, p + (j - i) * longest)
            if best[j] is None or cand < best[j]:
                best[j], cut[j] = cand, i
            i -= 1
    batches, j = [], n
    while j > 0:
        batches.append(order[cut[j]:j])
        j = cut[j]
    padded = best[n][1]
    return batches[::-1], (padded - sum(lengths)) / padded if padded else 0.0
