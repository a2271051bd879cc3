# mistake: 1F1B warm-up runs p - s forwards instead of p - s - 1, holding one activation too many
# caught-by: activations in flight
Op = tuple[str, int]  # ("F" or "B", micro-batch index)


def stage_order(stage: int, n_stages: int, n_micro: int, schedule: str) -> list[Op]:
    """The order in which one stage runs its forward and backward passes."""
    if schedule == "gpipe":
        return [("F", j) for j in range(n_micro)] + [("B", j) for j in range(n_micro)]
    if schedule == "1f1b":
        warmup = min(n_stages - stage, n_micro)
        order = [("F", j) for j in range(warmup)]
        for j in range(n_micro - warmup):  # steady state: one forward, one backward
            order += [("F", warmup + j), ("B", j)]
        order += [("B", j) for j in range(n_micro - warmup, n_micro)]  # cool-down
        return order
    raise ValueError(f"unknown schedule {schedule!r}")


def simulate_pipeline(
    stage_fwd: list[float], stage_bwd: list[float], n_micro: int, schedule: str
) -> dict:
    """Run the schedule with every op as early as allowed; makespan, bubble, peak activations."""
    p = len(stage_fwd)
    orders = [stage_order(s, p, n_micro, schedule) for s in range(p)]
    done: dict[tuple[str, int, int], float] = {}  # (kind, stage, micro) -> finish time
    free = [0.0] * p  # when each stage finishes its previous op
    nxt = [0] * p  # index of each stage's next op
    remaining = sum(len(o) for o in orders)
    while remaining:
        progressed = False
        for s in range(p):
            while nxt[s] < len(orders[s]):
                kind, j = orders[s][nxt[s]]
                if kind == "F":
                    deps = [("F", s - 1, j)] if s > 0 else []
                    duration = stage_fwd[s]
                else:  # a backward needs this stage's forward and the next stage's backward
                    deps = [("F", s, j)] + ([("B", s + 1, j)] if s < p - 1 else [])
                    duration = stage_bwd[s]
                if any(d not in done for d in deps):
                    break  # this stage waits; others may unblock it
                start = max([free[s]] + [done[d] for d in deps])
                free[s] = done[(kind, s, j)] = start + duration
                nxt[s] += 1
                remaining -= 1
                progressed = True
        if not progressed:
            raise RuntimeError("the schedule deadlocks")
    makespan = max(free)
    busy = n_micro * (sum(stage_fwd) + sum(stage_bwd))
    peaks = []
    for order in orders:  # activations live from a micro-batch's forward to its backward
        held = peak = 0
        for kind, _ in order:
            held += 1 if kind == "F" else -1
            peak = max(peak, held)
        peaks.append(peak)
    return {
        "makespan": makespan,
        "bubble_fraction": 1.0 - busy / (p * makespan),
        "peak_activations": peaks,
    }
