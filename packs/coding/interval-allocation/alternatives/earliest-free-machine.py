# Another way: a single heap of (time the machine becomes free, machine). Each job, in
# start order, takes the machine that frees up earliest if it is free by the job's start,
# and otherwise opens a new machine (if even the earliest one is busy, all are).
import heapq


def allocate_machines(jobs):
    order = sorted(range(len(jobs)), key=lambda i: (jobs[i][0], jobs[i][1]))
    free_at = []  # (time free, machine)
    assignment = [0] * len(jobs)
    for i in order:
        start, end = jobs[i]
        if free_at and free_at[0][0] <= start:
            machine = free_at[0][1]
            heapq.heapreplace(free_at, (end, machine))  # pop the earliest, push it back busy
        else:
            machine = len(free_at)
            heapq.heappush(free_at, (end, machine))
        assignment[i] = machine
    return len(free_at), assignment
