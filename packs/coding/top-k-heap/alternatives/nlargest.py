# The standard library: heapq.nlargest keeps a bounded heap internally and, like a
# stable sort in reverse, lists equal keys in their original order.
import heapq


def top_k_stream(stream, k):
    return [tuple(p) for p in heapq.nlargest(k, stream, key=lambda pair: pair[1])]
