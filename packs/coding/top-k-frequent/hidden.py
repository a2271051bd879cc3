from collections.abc import Callable

import numpy as np

from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _ties_by(tie_key: Callable[[object, dict, dict], object], reverse: bool = False):
    """A top-k function whose count ties follow `tie_key(item, first, last)` (a mistake)."""

    def top(items: list, k: int) -> list | None:
        counts: dict = {}
        first: dict = {}
        last: dict = {}
        for i, item in enumerate(items):
            counts[item] = counts.get(item, 0) + 1
            first.setdefault(item, i)
            last[item] = i
        try:
            ranked = sorted(counts, key=lambda x: tie_key(x, first, last), reverse=reverse)
        except TypeError:  # items that cannot be compared: this mistake would crash
            return None
        ranked.sort(key=lambda x: -counts[x])  # stable: the tie order survives
        return ranked[: max(k, 0)]

    return top


def _unstable_sort(items: list, k: int) -> list:
    """What numpy's default argsort (not stable) on the counts returns."""
    import numpy as np

    counts: dict = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    keys = list(counts)
    order = np.argsort(-np.array([counts[x] for x in keys], dtype=np.int64))
    return [keys[int(i)] for i in order[: max(k, 0)]]


# ties at scale: hundreds of values share each count, so numpy's default (unstable)
# argsort scrambles the first-appearance order, which small cases never show
_rng = np.random.default_rng(20)
_MANY_TIES = [
    int(x) for x in _rng.permutation(np.repeat(np.arange(2000), _rng.integers(1, 4, 2000)))[:3000]
]

TIE_MISTAKES = {
    "an unstable sort (numpy's default argsort) scrambles the order of items with equal "
    "counts": _unstable_sort,
    "ties broken by the smaller value, not by first appearance": _ties_by(lambda x, f, l: x),
    "ties broken by the larger value (a heap of (count, item) pairs compares the items)": (
        _ties_by(lambda x, f, l: x, reverse=True)
    ),
    "ties in reverse order of first appearance (a bucket popped from its end?)": _ties_by(
        lambda x, f, l: f[x], reverse=True
    ),
    "ties ordered by last appearance, not first": _ties_by(lambda x, f, l: l[x]),
}


suite.add(
    same_as_reference(
        "top_k_frequent",
        [
            Case.of([5, 3, 9, 3, 5, 9, 1, 7, 1, 7], 3, label="five values, all seen twice"),
            Case.of([4, 8, 8, 2, 4, 6, 2, 6, 6], 3, label="one leader, then a three-way tie"),
            Case.of(
                ["pear", "apple", "fig", "apple", "pear", "kiwi", "fig"],
                2,
                label="strings, a tie at the cut",
            ),
            Case.of([2, 10, 1, 10, 2, 1, 30, 30], 2, label="ties at the cut, values unsorted"),
            Case.of(
                _MANY_TIES, 600, label="3000 items, 2000 distinct values seen 1-3 times, k=600"
            ),
        ],
        name="ties broken by first appearance",
        compare_with="equal",
        hint="among equal counts, the item whose first occurrence comes earlier wins",
        mistakes=TIE_MISTAKES,
    ),
    same_as_reference(
        "top_k_frequent",
        [
            Case.of([], 3, label="empty input"),
            Case.of([1, 2, 2], 0, label="k = 0"),
            Case.of([1, 2, 2, 3, 3, 3], -1, label="k = -1"),
            Case.of(["x", "y"], -5, label="k = -5"),
        ],
        name="k <= 0 or empty input gives []",
        compare_with="equal",
        hint="a negative k is not a slice bound: what does lst[:-1] return?",
    ),
    same_as_reference(
        "top_k_frequent",
        [
            Case.of([1, 1, 2], 5, label="k = 5, two distinct items"),
            Case.of(["a", "b", "a", "c"], 3, label="k equals the number of distinct items"),
            Case.of([7, 7, 7], 2, label="one distinct item"),
        ],
        name="k larger than the number of distinct items",
        compare_with="equal",
        hint="never take more items than exist: stop when the heap or the buckets run out",
    ),
    same_as_reference(
        "top_k_frequent",
        [
            Case.of([None, "a", None, 3, "a", 3, 3], 3, label="None, strings and integers"),
            Case.of([(1, 2), "a", (1, 2)], 2, label="a tuple is hashable too"),
            Case.of([-1, 0, -1, 10**18, 0, 10**18, 10**18], 2, label="large and negative ints"),
        ],
        name="items of any hashable type",
        compare_with="equal",
        hint="only hash and compare for equality: do not sort the items themselves",
    ),
)


def _random_cases(rng) -> list[Case]:
    cases = []
    for n, distinct in ((1, 1), (20, 4), (60, 25), (300, 40), (1000, 900)):
        items = [int(x) for x in rng.integers(0, distinct, n)]
        for k in (1, int(rng.integers(1, distinct + 2)), distinct + 3):
            cases.append(Case.of(items, k, label=f"{n} items, {distinct} possible values, k={k}"))
    return cases


suite.add(
    same_as_reference(
        "top_k_frequent",
        _random_cases,
        name="random inputs",
        compare_with="equal",
        mistakes=TIE_MISTAKES,
    )
)


@suite.check("input list is left unchanged", hint="count from the list; do not sort it in place")
def input_not_mutated(t):
    data = [3, 1, 2, 3, 1, 3]
    remote_list = t.remote(data)
    t.sub.top_k_frequent(remote_list, 2)
    compare.equal(remote_list._get(), data, what="the input list after the call", inputs=str(data))


def _large(n: int, rng) -> Case:
    items = [int(x) for x in rng.integers(0, n // 2, n)]  # about 0.4 n distinct values
    return Case.of(items, max(1, n // 100))


suite.add(
    complexity(
        "top_k_frequent",
        _large,
        n=1_000,
        max_n=16_000,
        legacy_sizes=(1_000, 64_000),  # the CPU-only method's n, max_n
        expected="n log k",
        name="runs in O(n log k)",
        hint="count in one pass with a dict, then select with a size-k heap or buckets "
        "by count; never rescan the list or the counts once per item",
        seconds=20,
    )
)
