from collections import Counter

from mldrills.checks import Case, Suite, compare, deterministic

suite = Suite()


def _check_sample(got, stream, k, inputs):
    """The sample must be a list of min(k, n) items taken from distinct positions of stream."""
    compare.is_true(isinstance(got, list), f"expected a list, got {got!r}", inputs=inputs)
    want = min(k, len(stream))
    compare.is_true(
        len(got) == want,
        f"expected {want} items (min(k, n) with k={k}, n={len(stream)}), got {len(got)}: {got!r}",
        inputs=inputs,
    )
    extra = Counter(got) - Counter(stream)
    compare.is_true(
        not extra,
        f"the sample uses items the stream does not hold that often: {dict(extra)!r} "
        f"(sample {got!r}); each position of the stream can be picked at most once",
        inputs=inputs,
    )


@suite.check(
    "sample is k distinct items of the stream",
    hint="sampling without replacement: a position of the stream is kept at most once",
)
def valid_sample(t):
    stream = list(range(100, 110))
    for seed in range(8):
        got = t.sub.reservoir_sample(stream, 6, seed)
        _check_sample(got, stream, 6, f"stream=list(range(100, 110)), k=6, seed={seed}")


@suite.check(
    "stream shorter than k",
    hint="when the stream ends before the reservoir is full, return what you kept",
)
def short_stream(t):
    for stream, k in (([7, 8, 9], 5), ([1], 1), (["a", "b"], 2)):
        got = t.sub.reservoir_sample(stream, k, 0)
        inputs = f"stream={stream!r}, k={k}, seed=0"
        _check_sample(got, stream, k, inputs)


suite.add(
    deterministic(
        "reservoir_sample",
        Case.of(list(range(50)), 5, 123),
        hint="build your generator from the seed argument (random.Random(seed)); "
        "never use the global random module",
    )
)
