# A different algorithm: give every item an independent uniform key and keep the k
# smallest keys with a bounded max-heap (O(n log k)); the k smallest of n iid keys are
# a uniformly random k-subset.
import heapq
import random


def reservoir_sample(stream, k, seed):
    rng = random.Random(seed)
    heap = []  # (-key, position, item): the root holds the largest kept key
    if k == 0:
        return []
    for i, item in enumerate(stream):
        key = rng.random()
        if len(heap) < k:
            heapq.heappush(heap, (-key, i, item))
        elif key < -heap[0][0]:
            heapq.heapreplace(heap, (-key, i, item))
    return [item for _, _, item in heap]
