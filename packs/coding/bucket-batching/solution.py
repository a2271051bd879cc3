def bucket_batches(lengths: list[int], budget: int) -> tuple[list[list[int]], float]:
    """Group sequence indices into batches with len(batch) * max_len <= budget; return the
    batches and the fraction of pad tokens."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))  # longest first
    batches: list[list[int]] = []
    for i in order:
        # the current batch's first sequence is its longest, so it sets the padded length
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    padded = sum(len(b) * lengths[b[0]] for b in batches)
    real = sum(lengths)
    return batches, (padded - real) / padded if padded else 0.0
