from mldrills.checks import Suite, compare

suite = Suite()


@suite.check(
    "example from the statement",
    hint="longest first; a batch takes the next sequence while (size + 1) * max_len <= budget",
)
def example(t):
    lengths, budget = [5, 2, 8, 3, 8, 1, 4], 16
    inputs = f"lengths={lengths}, budget={budget}"
    got = t.sub.bucket_batches(lengths, budget)
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2 and isinstance(got[0], list),
        f"expected (batches, padding_ratio), got {compare.short(got)}", inputs=inputs,
    )
    batches, ratio = got
    flat = sorted(i for b in batches for i in b)
    compare.equal(flat, list(range(7)), what="all indices in your batches, sorted", inputs=inputs)
    for b in batches:
        size = len(b) * max(lengths[i] for i in b)
        compare.is_true(size <= budget, f"batch {b} pads to {size} tokens > budget {budget}",
                        inputs=inputs)
    compare.is_true(len(batches) <= 3, f"3 batches suffice, you used {len(batches)}: {batches}",
                    inputs=inputs)
    padded = sum(len(b) * max(lengths[i] for i in b) for b in batches)
    compare.close(ratio, (padded - 31) / padded, what="padding_ratio", inputs=inputs, rtol=1e-9,
                  diagnose={"pad tokens divided by real tokens instead of padded tokens":
                            (padded - 31) / 31})
