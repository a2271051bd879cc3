# The finish time of an op is max(previous op on its stage, its dependencies) + its
# duration: compute it by memoised recursion instead of a sweep.
from functools import cache


def _order(s, p, m, schedule):
    if schedule == "gpipe":
        return [("F", j) for j in range(m)] + [("B", j) for j in range(m)]
    w = min(p - s - 1, m)
    steady = [op for i in range(m - w) for op in (("F", w + i), ("B", i))]
    return [("F", j) for j in range(w)] + steady + [("B", j) for j in range(m - w, m)]


def simulate_pipeline(stage_fwd, stage_bwd, n_micro, schedule):
    p, m = len(stage_fwd), n_micro
    orders = [_order(s, p, m, schedule) for s in range(p)]
    position = {(s, op): i for s in range(p) for i, op in enumerate(orders[s])}

    @cache
    def finish(s, kind, j):
        i = position[(s, (kind, j))]
        ready = [finish(s, *orders[s][i - 1])] if i > 0 else [0.0]
        if kind == "F" and s > 0:
            ready.append(finish(s - 1, "F", j))
        if kind == "B":
            ready.append(finish(s, "F", j))
            if s < p - 1:
                ready.append(finish(s + 1, "B", j))
        return max(ready) + (stage_fwd[s] if kind == "F" else stage_bwd[s])

    makespan = max(finish(s, *orders[s][-1]) for s in range(p))
    busy = m * (sum(stage_fwd) + sum(stage_bwd))
    peaks = []
    for order in orders:
        running = [1 if kind == "F" else -1 for kind, _ in order]
        peaks.append(max(sum(running[: k + 1]) for k in range(len(running))))
    return {
        "makespan": makespan,
        "bubble_fraction": 1 - busy / (p * makespan),
        "peak_activations": peaks,
    }
