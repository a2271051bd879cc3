# mistake: reduces into np.zeros(S), which is float64 whatever the input, so float32 buffers come back as float64
# caught-by: every rank ends with the sum
import numpy as np


def ring_allreduce(buffers):
    n = len(buffers)
    size, itemsize = buffers[0].size, buffers[0].itemsize
    bufs = []
    for b in buffers:
        acc = np.zeros(size)  # float64, not the input's dtype
        acc[:] = b
        bufs.append(acc)
    edges = np.cumsum([0] + [len(c) for c in np.array_split(np.arange(size), n)])
    sent = [0] * n
    messages = []
    for phase, first, reduce in (("reduce-scatter", 0, True), ("all-gather", 1, False)):
        for step in range(n - 1):
            outgoing = []
            for src in range(n):
                c = (src + first - step) % n
                outgoing.append((src, c, bufs[src][edges[c] : edges[c + 1]].copy()))
            for src, c, data in outgoing:
                dst = (src + 1) % n
                if reduce:
                    bufs[dst][edges[c] : edges[c + 1]] += data
                else:
                    bufs[dst][edges[c] : edges[c + 1]] = data
                sent[src] += data.size * itemsize
                messages.append((phase, step, src, dst, c))
    return bufs, sent, messages
