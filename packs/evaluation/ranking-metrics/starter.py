def ndcg_at_k(ranked: list, relevance: dict, k: int) -> float:
    """NDCG@k with gain 2^g - 1 and discount 1/log2(rank + 1); 0.0 if nothing is relevant."""
    raise NotImplementedError


def mrr(ranked_lists: list[list], relevant: list[list]) -> float:
    """Mean over queries of 1 / rank of the first relevant id (0 when there is none)."""
    raise NotImplementedError


def map_at_k(ranked_lists: list[list], relevant: list[list], k: int) -> float:
    """Mean over queries of AP@k, normalised by min(#relevant, k)."""
    raise NotImplementedError
