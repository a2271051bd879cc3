# mistake: returns the heap's contents in ascending order (worst first)
# caught-by: example from the statement
import heapq


def top_k_stream(stream, k):
    if k <= 0:
        return []
    heap = []
    for arrival, (item, score) in enumerate(stream):
        entry = (score, -arrival, item)
        if len(heap) < k:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)
    return [(item, score) for score, _, item in sorted(heap)]
