# mistake: counts each message as S / N * itemsize with true division, so bytes_sent holds floats (and is wrong when N does not divide S)
# caught-by: bytes sent per rank
import numpy as np


def ring_allreduce(buffers):
    n = len(buffers)
    bufs = [b.copy() for b in buffers]
    size, itemsize = bufs[0].size, bufs[0].itemsize
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
                sent[src] += size / n * itemsize
                messages.append((phase, step, src, dst, c))
    return bufs, sent, messages
