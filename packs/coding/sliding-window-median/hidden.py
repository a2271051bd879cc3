from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _medians(values, w, middle):
    """Rolling medians computed window by window with `middle(sorted_window)` (for diagnoses)."""
    return [middle(sorted(values[i:i + w])) for i in range(len(values) - w + 1)]


def _floor_mean(s):
    return float((s[len(s) // 2 - 1] + s[len(s) // 2]) // 2) if len(s) % 2 == 0 else float(s[len(s) // 2])


def _upper(s):
    return float(s[len(s) // 2])


EVEN_MISTAKES = {
    "floor division (a + b) // 2 in the even case": lambda v, w: _medians(v, w, _floor_mean),
    "the upper middle value is returned for even windows, without averaging":
        lambda v, w: _medians(v, w, _upper),
}

suite.add(
    same_as_reference(
        "sliding_window_median",
        [
            Case.of([1, 2, 3, 4, 10, 7], 2, label="integers, odd sums"),
            Case.of([0, 5, 1, 8, 2, 2, 9, 4], 4, label="window of 4"),
            Case.of([-3, -8, 5, 6], 4, label="one even window"),
        ],
        name="even window sizes",
        rtol=1e-9,
        atol=1e-12,
        hint="an even window's median is the mean of its two middle values, a float: (a + b) / 2",
        mistakes=EVEN_MISTAKES,
    ),
    same_as_reference(
        "sliding_window_median",
        lambda rng: [
            Case.of([int(x) for x in rng.integers(0, 3, n)], w, label=f"{n} values in {{0, 1, 2}}, w={w}")
            for n, w in ((12, 4), (15, 5), (40, 6), (60, 7), (200, 10))
        ] + [Case.of([7] * 9, 4, label="all equal")],
        name="many duplicates",
        rtol=1e-9,
        atol=1e-12,
        hint="with lazy deletion, keep your own count of live values per heap: len(heap) "
        "still counts values that left the window",
        mistakes=EVEN_MISTAKES,
    ),
    same_as_reference(
        "sliding_window_median",
        [
            Case.of([1, 2], 3, label="w > len(values)"),
            Case.of([], 1, label="no values"),
            Case.of([2.5], 1, label="one value"),
            Case.of([3, 1, 2], 3, label="w == len(values)"),
        ],
        name="short inputs",
        rtol=1e-9,
        atol=1e-12,
        hint="a window longer than the input gives no medians at all",
    ),
    same_as_reference(
        "sliding_window_median",
        lambda rng: [
            Case.of([float(x) for x in rng.normal(0, 100, n).round(1)], w, label=f"n={n}, w={w}")
            for n, w in ((30, 1), (50, 2), (100, 9), (500, 64), (1000, 333))
        ] + [Case.of([float(x) for x in rng.integers(-1000, 1000, 300)], 30, label="integers as floats")],
        name="random windows",
        rtol=1e-9,
        atol=1e-12,
        hint="check both halves stay balanced after every step: sizes equal, or the lower half "
        "one larger",
    ),
)


@suite.check("values list is left unchanged", hint="keep your own window; never sort values in place")
def not_mutated(t):
    values = [5, 1, 4, 2, 3, 9, 0]
    remote = t.remote(values)
    t.sub.sliding_window_median(remote, 3)
    compare.equal(remote._get(), values, what="values after the call", inputs=str(values))


suite.add(
    complexity(
        "sliding_window_median",
        lambda n, rng: Case.of([float(x) for x in rng.integers(0, 1000, n)], n // 4),
        n=250,
        max_n=4_000,
        legacy_sizes=(1_000, 16_000),  # the CPU-only method's n, max_n
        name="runs in O(n log w)",
        expected="n log w",
        hint="update the window in O(log w) per step (two heaps with lazy deletion); never sort "
        "every window",
        seconds=20,
    )
)
