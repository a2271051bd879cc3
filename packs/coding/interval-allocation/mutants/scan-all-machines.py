# mistake: for each job (by start time) scans every machine for a free one: O(n * m), quadratic when many jobs run at once
# caught-by: runs in O(n log n)
def allocate_machines(jobs):
    assignment = [0] * len(jobs)
    last_end = []
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i][0]):
        start, end = jobs[i]
        for machine, busy_until in enumerate(last_end):
            if busy_until <= start:
                last_end[machine] = end
                assignment[i] = machine
                break
        else:
            assignment[i] = len(last_end)
            last_end.append(end)
    return len(last_end), assignment
