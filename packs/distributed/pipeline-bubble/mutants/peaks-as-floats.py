# mistake: counts activations with np.cumsum over +1.0 / -1.0, so peak_activations comes back as floats instead of ints
# caught-by: activations in flight
import numpy as np


def _order(s, p, m, schedule):
    if schedule == "gpipe":
        return [("F", j) for j in range(m)] + [("B", j) for j in range(m)]
    w = min(p - s - 1, m)
    order = [("F", j) for j in range(w)]
    for i in range(m - w):
        order += [("F", w + i), ("B", i)]
    return order + [("B", j) for j in range(m - w, m)]


def simulate_pipeline(stage_fwd, stage_bwd, n_micro, schedule):
    p, m = len(stage_fwd), n_micro
    orders = [_order(s, p, m, schedule) for s in range(p)]
    done, free, nxt = {}, [0.0] * p, [0] * p
    while any(nxt[s] < len(orders[s]) for s in range(p)):
        for s in range(p):
            while nxt[s] < len(orders[s]):
                kind, j = orders[s][nxt[s]]
                if kind == "F":
                    deps, dur = ([("F", s - 1, j)] if s else []), stage_fwd[s]
                else:
                    deps = [("F", s, j)] + ([("B", s + 1, j)] if s < p - 1 else [])
                    dur = stage_bwd[s]
                if any(d not in done for d in deps):
                    break
                free[s] = done[(kind, s, j)] = max([free[s]] + [done[d] for d in deps]) + dur
                nxt[s] += 1
    makespan = max(free)
    busy = m * (sum(stage_fwd) + sum(stage_bwd))
    steps = [np.array([1.0 if kind == "F" else -1.0 for kind, _ in order]) for order in orders]
    return {
        "makespan": makespan,
        "bubble_fraction": 1.0 - busy / (p * makespan),
        "peak_activations": [np.cumsum(x).max() for x in steps],
    }
