def allocate_machines(jobs: list[tuple[int, int]]) -> tuple[int, list[int]]:
    """Return (fewest machines, machine index of each job) for half-open [start, end) jobs."""
    raise NotImplementedError
