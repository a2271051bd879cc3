from mldrills.checks import Case, Suite, compare, complexity

suite = Suite()

SLACK = 1.10  # padded tokens may exceed the stated greedy's by at most 10%


def _padded(lengths, batches):
    return sum(len(b) * max(lengths[i] for i in b) for b in batches)


def _call(t, lengths, budget, label):
    """The learner's (batches, ratio), with the structure checked."""
    inputs = f"{label}: budget={budget}, lengths={compare.short(lengths, 150)}"
    got = t.sub.bucket_batches(lengths, budget)
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2 and isinstance(got[0], list)
        and all(isinstance(b, list) and b for b in got[0]),
        f"expected (batches, padding_ratio) with non-empty lists of indices, got "
        f"{compare.short(got)}", inputs=inputs,
    )
    return got[0], got[1], inputs


def _coverage(batches, n, inputs):
    flat = [i for b in batches for i in b]
    seen = set(flat)
    missing = sorted(set(range(n)) - seen)
    compare.is_true(
        not missing and len(flat) == n and seen <= set(range(n)),
        f"every index must be in exactly one batch: {len(flat)} entries for {n} sequences"
        + (f", missing {compare.short(missing)}" if missing else "")
        + (", some index repeated" if len(flat) != len(seen) else ""),
        inputs=inputs,
    )


def _realistic(rng, n, budget):
    """Token counts of text: log-normal, clipped to [1, budget]."""
    return [int(min(budget, max(1, x))) for x in rng.lognormal(4.0, 1.0, n)]


@suite.check(
    "every sequence in exactly one batch",
    hint="after the loop, the batch you were filling still has to be added",
)
def coverage(t):
    cases = [([7], 10, "one sequence"), ([3, 3, 3], 9, "one full batch"),
             ([4, 1, 4, 1, 4], 8, "several batches")]
    cases += [(_realistic(t.rng, n, b), b, f"{n} random lengths") for n, b in ((50, 512), (400, 1024))]
    for lengths, budget, label in cases:
        batches, _, inputs = _call(t, lengths, budget, label)
        _coverage(batches, len(lengths), inputs)


@suite.check(
    "every batch fits the budget",
    hint="the padded size uses the batch's longest sequence: when lengths grow within a "
    "batch, check (size + 1) * new_max, not the old max",
)
def fits(t):
    cases = [([2, 3, 4, 5, 6, 7], 12, "increasing lengths"), ([1, 1, 1, 9], 10, "one long sequence"),
             ([10, 10, 10], 10, "lengths equal to the budget")]
    cases += [(_realistic(t.rng, n, b), b, f"{n} random lengths") for n, b in ((200, 256), (300, 2048))]
    for lengths, budget, label in cases:
        batches, _, inputs = _call(t, lengths, budget, label)
        for b in batches:
            size = len(b) * max(lengths[i] for i in b)
            compare.is_true(
                size <= budget,
                f"a batch of {len(b)} sequences with max length {max(lengths[i] for i in b)} pads "
                f"to {size} tokens > budget {budget}: {compare.short(b)}", inputs=inputs,
            )


@suite.check(
    "no more batches than needed",
    hint="a batch may use the budget exactly: (size + 1) * max_len <= budget, not <; and "
    "each batch should take as many sequences as fit",
)
def batch_count(t):
    cases = [([4] * 8, 16, "exact fits: 4 x 4 = 16"), ([8, 8, 4, 4, 4, 4], 16, "two exact batches"),
             ([1] * 10 + [10], 10, "many short and one long")]
    cases += [(_realistic(t.rng, n, b), b, f"{n} random lengths") for n, b in ((300, 1024), (500, 4096))]
    for lengths, budget, label in cases:
        batches, _, inputs = _call(t, lengths, budget, label)
        _coverage(batches, len(lengths), inputs)
        fewest = len(t.ref.bucket_batches(list(lengths), budget)[0])
        compare.is_true(
            len(batches) <= fewest,
            f"{len(batches)} batches, but {fewest} suffice (sorted longest first, each batch "
            "filled while it fits)", inputs=inputs,
        )


@suite.check(
    "padding within 10% of the sorted greedy",
    hint="sort the sequences by length before batching; batching in input order mixes short "
    "and long sequences and pads far more",
)
def padding(t):
    for n, budget in ((200, 512), (600, 1024), (1500, 4096), (1000, 256)):
        lengths = _realistic(t.rng, n, budget)
        batches, _, inputs = _call(t, lengths, budget, f"{n} realistic lengths")
        _coverage(batches, n, inputs)
        mine = _padded(lengths, batches)
        greedy = _padded(lengths, t.ref.bucket_batches(list(lengths), budget)[0])
        compare.is_true(
            mine <= SLACK * greedy,
            f"your batches pad to {mine} tokens ({(mine - sum(lengths)) / mine:.1%} padding); the "
            f"sorted greedy pads to {greedy} ({(greedy - sum(lengths)) / greedy:.1%}); at most "
            f"{int(SLACK * greedy)} is accepted", inputs=inputs,
        )


@suite.check(
    "padding ratio matches your batches",
    hint="padding ratio = (padded tokens - real tokens) / padded tokens, over all batches",
)
def ratio(t):
    for n, budget in ((1, 64), (40, 128), (500, 1024)):
        lengths = _realistic(t.rng, n, budget)
        batches, got, inputs = _call(t, lengths, budget, f"{n} lengths")
        _coverage(batches, n, inputs)
        padded, real = _padded(lengths, batches), sum(lengths)
        global_max = len(lengths) * max(lengths)
        compare.close(
            got, (padded - real) / padded, what="padding_ratio for your batches", inputs=inputs,
            rtol=1e-9, atol=1e-12,
            diagnose={
                "pad tokens divided by real tokens instead of padded tokens": (padded - real) / real,
                "padding measured against the longest sequence overall, not per batch":
                    (global_max - real) / global_max,
            },
        )


@suite.check("no sequences", hint="no sequences, no batches, and a padding ratio of 0.0 (not 0/0)")
def empty(t):
    compare.equal(t.sub.bucket_batches([], 100), ([], 0.0), what="bucket_batches([], 100)")


@suite.check("lengths list is left unchanged", hint="sort a list of indices, not lengths itself")
def not_mutated(t):
    lengths = [5, 9, 1, 7, 3]
    remote = t.remote(lengths)
    t.sub.bucket_batches(remote, 10)
    compare.equal(remote._get(), lengths, what="lengths after the call", inputs=str(lengths))


suite.add(
    complexity(
        "bucket_batches",
        lambda n, rng: Case.of([int(x) for x in rng.integers(1, 65, n)], 256),
        n=500,
        max_n=8_000,
        legacy_sizes=(2_000, 32_000),  # the CPU-only method's n, max_n
        name="runs in O(n log n)",
        hint="sort once, then one pass; never rescan the remaining sequences for each batch",
        seconds=20,
    )
)

