# The schedule is a DAG (each op after the previous op of its stage and after its data
# dependencies): its finish times are longest paths. Relax every edge until nothing
# changes (Bellman-Ford for the longest path of a DAG) instead of simulating time.
# Peak activations come from the op start and end times, not from counting the order.


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
    duration, preds = {}, {}
    for s in range(p):
        order = _order(s, p, m, schedule)
        for i, (kind, j) in enumerate(order):
            op = (kind, s, j)
            duration[op] = stage_fwd[s] if kind == "F" else stage_bwd[s]
            before = [(order[i - 1][0], s, order[i - 1][1])] if i else []
            if kind == "F" and s > 0:
                before.append(("F", s - 1, j))
            if kind == "B":
                before.append(("F", s, j))
                if s < p - 1:
                    before.append(("B", s + 1, j))
            preds[op] = before
    start, finish = dict.fromkeys(duration, 0.0), dict.fromkeys(duration, 0.0)
    changed = True
    while changed:
        changed = False
        for op, before in preds.items():
            ready = max((finish[q] for q in before), default=0.0)
            if ready + duration[op] > finish[op]:
                start[op], finish[op], changed = ready, ready + duration[op], True
    makespan = max(finish.values())
    busy = m * (sum(stage_fwd) + sum(stage_bwd))
    peaks = []
    for s in range(p):
        # micro-batch j is held over [start of F, end of B]; count overlaps at each F start
        held = [(start[("F", s, j)], finish[("B", s, j)]) for j in range(m)]
        peaks.append(max(sum(a <= t0 < b for a, b in held) for t0, _ in held))
    return {
        "makespan": makespan,
        "bubble_fraction": 1.0 - busy / (p * makespan),
        "peak_activations": peaks,
    }
