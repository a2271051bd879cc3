# mistake: counts running jobs correctly but uses that count as the machine number, so two running jobs can share a machine
# caught-by: random schedules
import heapq


def allocate_machines(jobs):
    assignment = [0] * len(jobs)
    running, most = [], 0
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i][0]):
        start, end = jobs[i]
        while running and running[0] <= start:
            heapq.heappop(running)
        assignment[i] = len(running)
        heapq.heappush(running, end)
        most = max(most, len(running))
    return most, assignment
