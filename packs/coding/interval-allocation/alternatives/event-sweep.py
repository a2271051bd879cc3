# Another way: a sweep over start and end events (ends first at equal times), with a
# stack of idle machines; no heap of running jobs.
def allocate_machines(jobs):
    events = []
    for i, (start, end) in enumerate(jobs):
        events.append((start, 1, i))  # 1 sorts after 0: at equal times, ends come first
        events.append((end, 0, i))
    events.sort()
    assignment = [0] * len(jobs)
    idle, machines = [], 0
    for _, is_start, i in events:
        if not is_start:
            idle.append(assignment[i])
        elif idle:
            assignment[i] = idle.pop()
        else:
            assignment[i] = machines
            machines += 1
    return (machines, assignment)
