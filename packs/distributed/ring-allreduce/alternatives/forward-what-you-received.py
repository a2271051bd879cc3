# Track the chunk each rank received last instead of a closed-form index, and keep all
# ranks in one (N, S) array.
import numpy as np


def ring_allreduce(buffers):
    n = len(buffers)
    data = np.stack(buffers).copy()  # (N, S): row r is rank r's buffer
    edges = np.cumsum([0] + [len(c) for c in np.array_split(np.arange(data.shape[1]), n)])
    sent = [0] * n
    messages = []
    to_send = list(range(n))  # in the first reduce-scatter step rank r sends chunk r
    for phase in ("reduce-scatter", "all-gather"):
        for step in range(n - 1):
            snapshot = data.copy()
            received = [0] * n
            for src in range(n):
                dst, c = (src + 1) % n, to_send[src]
                lo, hi = edges[c], edges[c + 1]
                if phase == "reduce-scatter":
                    data[dst, lo:hi] += snapshot[src, lo:hi]
                else:
                    data[dst, lo:hi] = snapshot[src, lo:hi]
                sent[src] += int(hi - lo) * data.itemsize
                messages.append((phase, step, src, dst, c))
                received[dst] = c
            # pass on what just arrived; after reduce-scatter that chunk is complete here
            to_send = received
    return [row.copy() for row in data], sent, messages
