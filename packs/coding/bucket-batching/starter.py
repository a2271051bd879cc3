def bucket_batches(lengths: list[int], budget: int) -> tuple[list[list[int]], float]:
    """Group sequence indices into batches with len(batch) * max_len <= budget; return the
    batches and the fraction of pad tokens."""
    raise NotImplementedError
