import heapq
from collections.abc import Iterable


def top_k_stream(stream: Iterable[tuple[str, float]], k: int) -> list[tuple[str, float]]:
    """Return the k highest-scored (id, score) pairs, best first; earlier arrival wins ties."""
    if k <= 0:
        return []
    # min-heap of (score, -arrival, id): the root is the weakest kept pair, i.e. the lowest
    # score and, among equal scores, the latest arrival
    heap: list[tuple[float, int, str]] = []
    for arrival, (item, score) in enumerate(stream):
        entry = (score, -arrival, item)
        if len(heap) < k:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:  # a strictly higher score; a tie arrived later and loses
            heapq.heapreplace(heap, entry)
    best = sorted(heap, reverse=True)  # highest score first, earlier arrival first on ties
    return [(item, score) for score, _, item in best]
