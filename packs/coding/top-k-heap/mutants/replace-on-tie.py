# mistake: replaces the root when the new score is equal (>=), so later arrivals win ties
# caught-by: ties keep arrival order
import heapq


def top_k_stream(stream, k):
    if k <= 0:
        return []
    heap = []
    for arrival, (item, score) in enumerate(stream):
        entry = (score, -arrival, item)
        if len(heap) < k:
            heapq.heappush(heap, entry)
        elif score >= heap[0][0]:
            heapq.heapreplace(heap, entry)
    return [(item, score) for score, _, item in sorted(heap, reverse=True)]
