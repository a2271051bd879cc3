def recall_at_k(recommended: list[list[int]], relevant: list[list[int]], k: int) -> float:
    """Mean over users with relevant items of |top-k hits| / |relevant|; NaN if no such user."""
    raise NotImplementedError


def ndcg_at_k(recommended: list[list[int]], relevant: list[list[int]], k: int) -> float:
    """Mean binary NDCG@k over users with relevant items; NaN if no such user."""
    raise NotImplementedError
