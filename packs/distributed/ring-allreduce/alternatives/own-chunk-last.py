# Another valid choice of chunks: in reduce-scatter step s rank r sends chunk (r - 1 - s) % N,
# so rank r finishes with its own chunk r complete; all-gather then forwards chunk
# (r - s) % N. The ring is kept as a deque of rank buffers and rotated instead of indexed.
from collections import deque

import numpy as np


def ring_allreduce(buffers):
    n = len(buffers)
    size = buffers[0].size
    base, extra = divmod(size, n)
    starts = [c * base + min(c, extra) for c in range(n + 1)]  # np.array_split boundaries
    ring = deque((r, np.array(b, copy=True)) for r, b in enumerate(buffers))
    sent = [0] * n
    messages = []
    for phase, offset in (("reduce-scatter", -1), ("all-gather", 0)):
        for step in range(n - 1):
            pairs = list(ring)
            ring.rotate(-1)
            right = list(ring)  # right[i] is the right-hand neighbour of pairs[i]
            payload = []
            for (src, buf), (dst, _) in zip(pairs, right):
                c = (src + offset - step) % n
                payload.append((src, dst, c, buf[starts[c] : starts[c + 1]].copy()))
            ring.rotate(1)
            bufs = dict(ring)
            for src, dst, c, data in payload:
                if phase == "reduce-scatter":
                    bufs[dst][starts[c] : starts[c + 1]] += data
                else:
                    bufs[dst][starts[c] : starts[c + 1]] = data
                sent[src] += int(data.nbytes)
                messages.append((phase, step, src, dst, c))
    results = dict(ring)
    return [results[r] for r in range(n)], sent, messages
