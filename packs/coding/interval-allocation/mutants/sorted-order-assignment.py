# mistake: returns the machines in sorted (start time) order instead of the input order
# caught-by: touching jobs share a machine
import heapq


def allocate_machines(jobs):
    assignment = []
    busy, free, machines = [], [], 0
    for start, end in sorted(jobs):
        while busy and busy[0][0] <= start:
            free.append(heapq.heappop(busy)[1])
        if free:
            machine = free.pop()
        else:
            machine, machines = machines, machines + 1
        assignment.append(machine)
        heapq.heappush(busy, (end, machine))
    return machines, assignment
