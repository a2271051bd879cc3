import numpy as np

Message = tuple[str, int, int, int, int]  # (phase, step, src, dst, chunk)


def chunk_bounds(size: int, n: int) -> list[tuple[int, int]]:
    """[start, stop) of each of the n chunks, the first size % n chunks one element longer."""
    base, extra = divmod(size, n)
    bounds, start = [], 0
    for c in range(n):
        stop = start + base + (1 if c < extra else 0)
        bounds.append((start, stop))
        start = stop
    return bounds


def ring_allreduce(
    buffers: list[np.ndarray],
) -> tuple[list[np.ndarray], list[int], list[Message]]:
    """Sum equal-length 1-D buffers across ranks with a ring; return results, bytes, messages."""
    n = len(buffers)
    bufs = [b.copy() for b in buffers]  # each rank's working copy, never the caller's
    bounds = chunk_bounds(bufs[0].size, n)
    itemsize = bufs[0].itemsize
    sent = [0] * n
    messages: list[Message] = []

    def run_phase(phase: str, first_chunk: int, reduce: bool) -> None:
        for step in range(n - 1):
            # every rank sends at once: read all outgoing chunks before anyone writes
            outgoing = []
            for src in range(n):
                c = (src + first_chunk - step) % n
                lo, hi = bounds[c]
                outgoing.append((src, c, bufs[src][lo:hi].copy()))
            for src, c, data in outgoing:
                dst = (src + 1) % n
                lo, hi = bounds[c]
                if reduce:
                    bufs[dst][lo:hi] += data
                else:
                    bufs[dst][lo:hi] = data
                sent[src] += data.size * itemsize
                messages.append((phase, step, src, dst, c))

    # reduce-scatter: after n-1 steps rank r holds the full sum of chunk (r + 1) % n
    run_phase("reduce-scatter", first_chunk=0, reduce=True)
    # all-gather: rank r starts by forwarding that finished chunk around the ring
    run_phase("all-gather", first_chunk=1, reduce=False)
    return bufs, sent, messages
