# mistake: compares with the heap's root without handling k = 0 (the heap stays empty)
# caught-by: k = 0, k > n and empty streams
import heapq


def top_k_stream(stream, k):
    heap = []
    for arrival, (item, score) in enumerate(stream):
        entry = (score, -arrival, item)
        if len(heap) < k:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)
    return [(item, score) for score, _, item in sorted(heap, reverse=True)]
