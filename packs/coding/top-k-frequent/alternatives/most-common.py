# A library call: Counter keeps first-appearance order and most_common(k) is stable.
from collections import Counter


def top_k_frequent(items: list, k: int) -> list:
    """The k most frequent items, most frequent first; ties by first appearance."""
    if k <= 0:
        return []
    return [item for item, _ in Counter(items).most_common(k)]
