# mistake: keeps (score, id) in the heap, so ties are decided by comparing ids instead of arrival order
# caught-by: ties keep arrival order
import heapq


def top_k_stream(stream, k):
    if k <= 0:
        return []
    heap = []
    for item, score in stream:
        if len(heap) < k:
            heapq.heappush(heap, (score, item))
        elif (score, item) > heap[0]:
            heapq.heapreplace(heap, (score, item))
    return [(item, score) for score, item in sorted(heap, reverse=True)]
