import heapq


def allocate_machines(jobs: list[tuple[int, int]]) -> tuple[int, list[int]]:
    """Return (fewest machines, machine index of each job) for half-open [start, end) jobs."""
    assignment = [0] * len(jobs)
    busy: list[tuple[int, int]] = []  # min-heap of (end time, machine) of running jobs
    free: list[int] = []  # machines whose last job has ended
    machines = 0
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i][0]):  # by start time
        start, end = jobs[i]
        while busy and busy[0][0] <= start:  # half-open: a job ending at `start` frees its machine
            free.append(heapq.heappop(busy)[1])
        if free:
            machine = free.pop()
        else:
            machine = machines
            machines += 1
        assignment[i] = machine
        heapq.heappush(busy, (end, machine))
    return machines, assignment
