# Another way: collect up to 2k pairs, then sort the buffer and keep the best k.
# Each prune costs O(k log k) and happens every k pairs: O(n log k) amortised, O(k) memory.
def top_k_stream(stream, k):
    if k <= 0:
        return []
    buf = []
    for arrival, (item, score) in enumerate(stream):
        buf.append((-score, arrival, item))
        if len(buf) >= 2 * k:
            buf.sort()
            del buf[k:]
    buf.sort()
    return [(item, -neg) for neg, _, item in buf[:k]]
