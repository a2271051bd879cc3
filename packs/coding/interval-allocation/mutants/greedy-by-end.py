# mistake: takes jobs in order of end time and puts each on the first free machine, which is not optimal
# caught-by: greedy order matters
def allocate_machines(jobs):
    assignment = [0] * len(jobs)
    last_end = []
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i][1]):
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
