# mistake: treats jobs as closed intervals, so a machine freed at time t is not reused by a job starting at t
# caught-by: touching jobs share a machine
import heapq


def allocate_machines(jobs):
    assignment = [0] * len(jobs)
    busy, free, machines = [], [], 0
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i][0]):
        start, end = jobs[i]
        while busy and busy[0][0] < start:
            free.append(heapq.heappop(busy)[1])
        if free:
            machine = free.pop()
        else:
            machine, machines = machines, machines + 1
        assignment[i] = machine
        heapq.heappush(busy, (end, machine))
    return machines, assignment
