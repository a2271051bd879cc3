def simulate_pipeline(
    stage_fwd: list[float], stage_bwd: list[float], n_micro: int, schedule: str
) -> dict:
    """Run the schedule with every op as early as allowed; makespan, bubble, peak activations."""
    raise NotImplementedError
