import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

PHASES = ("reduce-scatter", "all-gather")


def make_buffers(n, size, dtype, rng):
    """n rank buffers of `size` small integers (exact sums in any order) as `dtype`."""
    return [rng.integers(-50, 50, size).astype(dtype) for _ in range(n)]


def describe(buffers):
    return f"{len(buffers)} ranks, S={buffers[0].size}, dtype={buffers[0].dtype}"


def check_results(t, buffers):
    """Every rank's result equals the elementwise sum, with the input's shape and dtype."""
    results, _, _ = t.sub.ring_allreduce(buffers)
    inputs = describe(buffers)
    expected = np.sum(buffers, axis=0)
    compare.is_true(
        isinstance(results, list | tuple) and len(results) == len(buffers),
        f"expected a list of {len(buffers)} result buffers, got {compare.short(results)}",
        inputs=inputs,
    )
    for r, got in enumerate(results):
        compare.close(
            got,
            expected,
            what=f"results[{r}]",
            rtol=1e-5,
            atol=1e-6,
            inputs=inputs,
            check_dtype=True,
        )


def check_bytes(t, buffers):
    """bytes_sent[r] counts the elements of every chunk rank r sent, times the element size."""
    _, sent, messages = t.sub.ring_allreduce(buffers)
    n, size, itemsize = len(buffers), buffers[0].size, buffers[0].itemsize
    inputs = describe(buffers)
    bounds = t.ref.chunk_bounds(size, n)
    from_log = [0] * n
    for msg in messages:
        _, _, src, _, chunk = msg
        if 0 <= src < n and 0 <= chunk < n:  # invalid messages are reported by the schedule check
            lo, hi = bounds[chunk]
            from_log[src] += (hi - lo) * itemsize
    compare.is_true(
        isinstance(sent, list | tuple)
        and all(isinstance(b, int | np.integer) and not isinstance(b, bool) for b in sent),
        f"bytes_sent must be a list of {n} ints, got {compare.short(sent)}",
        inputs=inputs,
        hint="likely mistake: a chunk size computed with / (true division) gives float bytes; "
        "count the elements each message really carries",
    )
    diagnose = {
        "counted elements, not bytes (multiply by the element size)": [
            b // itemsize for b in from_log
        ],
        "each step sends the whole buffer instead of one chunk": [2 * (n - 1) * size * itemsize]
        * n,
        "counted only one phase (both phases send data)": [b // 2 for b in from_log],
    }
    compare.equal(
        sent,
        from_log,
        what="bytes_sent (vs the chunks your messages carry)",
        inputs=inputs,
        diagnose=diagnose,
    )
    if size % n == 0:
        ideal = 2 * (n - 1) * size // n * itemsize
        compare.equal(
            sent,
            [ideal] * n,
            what="bytes_sent (should be 2(N-1)/N * S * itemsize)",
            inputs=inputs,
            diagnose=diagnose,
        )


def check_messages(t, buffers):
    """Messages go round the ring, one per rank per step, and replay to complete chunks."""
    _, _, messages = t.sub.ring_allreduce(buffers)
    n = len(buffers)
    inputs = describe(buffers)
    expected_order = [(p, s) for p in PHASES for s in range(n - 1)]
    seen = []
    by_step: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    for msg in messages:
        compare.is_true(
            isinstance(msg, list | tuple) and len(msg) == 5,
            f"each message is (phase, step, src, dst, chunk); got {msg!r}",
            inputs=inputs,
        )
        phase, step, src, dst, chunk = msg
        compare.is_true(
            phase in PHASES, f"unknown phase {phase!r} in message {tuple(msg)}", inputs=inputs
        )
        compare.is_true(
            0 <= src < n and 0 <= chunk < n,
            f"message {tuple(msg)} names a rank or chunk outside 0..{n - 1}",
            inputs=inputs,
        )
        compare.is_true(
            dst == (src + 1) % n,
            f"message {tuple(msg)}: rank {src} may only send to its right-hand "
            f"neighbour {(src + 1) % n}",
            inputs=inputs,
        )
        key = (phase, int(step))
        if not seen or seen[-1] != key:
            seen.append(key)
        by_step.setdefault(key, []).append((int(src), int(dst), int(chunk)))
    compare.equal(
        seen, expected_order, what="the (phase, step) of the messages, in order", inputs=inputs
    )
    for key in expected_order:
        senders = sorted(src for src, _, _ in by_step[key])
        compare.is_true(
            senders == list(range(n)),
            f"{key[0]} step {key[1]}: every rank sends exactly one message, but the "
            f"senders were {senders}",
            inputs=inputs,
        )
    # replay with contribution counts: have[r][c][k] = how often rank k's data is in rank r's chunk c
    have = np.zeros((n, n, n), dtype=int)
    for r in range(n):
        have[r, :, r] = 1
    for phase, step in expected_order:
        before = have.copy()
        for src, dst, chunk in by_step[(phase, step)]:
            if phase == "reduce-scatter":
                have[dst, chunk] += before[src, chunk]
            else:
                have[dst, chunk] = before[src, chunk]
        if phase == "reduce-scatter" and step == n - 2:
            complete = [(r, c) for r in range(n) for c in range(n) if (have[r, c] == 1).all()]
            chunks = sorted(c for _, c in complete)
            compare.is_true(
                chunks == list(range(n)),
                "after reduce-scatter each chunk should be complete (hold every "
                f"rank's contribution once) on exactly one rank; complete (rank, "
                f"chunk) pairs: {complete}",
                inputs=inputs,
            )
    for r in range(n):
        for c in range(n):
            counts = have[r, c]
            if not (counts == 1).all():
                t.fail(
                    f"replaying your messages, rank {r} ends with chunk {c} holding the "
                    f"contributions of ranks 0..{n - 1} {counts.tolist()} times (each should "
                    f"be there exactly once)\n  input: {inputs}"
                )


@suite.check(
    "every rank ends with the sum",
    hint="each phase has N-1 steps; in step s rank r works on a chunk that depends on r and s",
)
def sums(t):
    check_results(t, make_buffers(4, 8, np.float32, t.rng))
    check_results(t, make_buffers(3, 6, np.float64, t.rng))


@suite.check(
    "bytes sent per rank",
    hint="a rank sends one chunk per step, 2(N-1) steps in all; count bytes, not elements",
)
def bytes_sent(t):
    check_bytes(t, make_buffers(4, 8, np.float32, t.rng))
    check_bytes(t, make_buffers(3, 6, np.float64, t.rng))


@suite.check(
    "messages follow the ring schedule",
    hint="in reduce-scatter, forward the chunk you just added into; in all-gather, the "
    "chunk you just received complete",
)
def schedule(t):
    check_messages(t, make_buffers(4, 8, np.float32, t.rng))
    check_messages(t, make_buffers(3, 6, np.float64, t.rng))
