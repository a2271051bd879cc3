def sliding_window_median(values: list[float], w: int) -> list[float]:
    """Return the median of every window of w consecutive values, left to right."""
    raise NotImplementedError
