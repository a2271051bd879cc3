def creates_cycle(edges: list[tuple[int, int]], u: int, v: int) -> bool:
    """True if adding the edge u -> v closes a directed cycle (u is reachable from v)."""
    raise NotImplementedError
