def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the union of closed intervals as disjoint intervals sorted by start."""
    raise NotImplementedError
