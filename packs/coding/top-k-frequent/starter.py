def top_k_frequent(items: list, k: int) -> list:
    """The k most frequent items, most frequent first; ties by first appearance."""
    raise NotImplementedError
