from itertools import pairwise

from mldrills.checks import Suite, compare

suite = Suite()


def closed_overlap(jobs):
    """Most jobs running at once if touching jobs counted as overlapping (a mistake)."""
    events = sorted([(s, 0) for s, _ in jobs] + [(e, 1) for _, e in jobs])  # starts first
    running = best = 0
    for _, kind in events:
        running += 1 if kind == 0 else -1
        best = max(best, running)
    return best


def check_allocation(got, jobs, fewest, inputs):
    """(m, assignment) must use the fewest machines and never overlap two jobs on one."""
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2,
        f"expected a pair (m, assignment), got {got!r}", inputs=inputs,
    )
    m, assignment = got
    diag = {}
    if closed_overlap(jobs) != fewest:
        diag["jobs that only touch (one ends when the next starts) treated as overlapping"] = (
            closed_overlap(jobs))
    compare.equal(m, fewest, what="number of machines m", inputs=inputs, diagnose=diag)
    compare.is_true(
        isinstance(assignment, list) and len(assignment) == len(jobs),
        f"assignment must be a list with one machine per job ({len(jobs)}), got "
        f"{compare.short(assignment)}", inputs=inputs,
    )
    bad = [i for i, a in enumerate(assignment) if type(a) is not int or not 0 <= a < m]
    compare.is_true(
        not bad,
        f"assignment[{bad[0] if bad else 0}] = {assignment[bad[0]] if bad else None!r} is not a "
        f"machine in [0, {m})", inputs=inputs,
    )
    by_machine = {}
    for i, a in enumerate(assignment):
        by_machine.setdefault(a, []).append(i)
    for machine, idx in by_machine.items():
        idx.sort(key=lambda i: jobs[i])
        for a, b in pairwise(idx):
            compare.is_true(
                jobs[a][1] <= jobs[b][0],
                f"machine {machine} runs job {a} {jobs[a]} and job {b} {jobs[b]}, which overlap "
                "(assignment[i] must be the machine of jobs[i], in input order)",
                inputs=inputs,
            )


@suite.check(
    "example from the statement",
    hint="process jobs by start time; reuse a machine whose job has ended, else open a new one; "
    "report machines in the input's order",
)
def example(t):
    jobs = [(0, 30), (5, 10), (15, 20), (10, 15), (25, 35)]
    check_allocation(t.sub.allocate_machines(jobs), jobs, 2, str(jobs))


@suite.check(
    "touching jobs share a machine",
    hint="intervals are half-open: a machine whose job ends at t is free for a job starting at t",
)
def touching(t):
    for jobs, fewest in (
        ([(1, 3), (3, 5), (5, 8)], 1),
        ([(0, 2), (2, 4), (1, 3), (3, 5)], 2),
        ([(4, 6), (0, 4), (6, 9), (0, 4)], 2),
    ):
        check_allocation(t.sub.allocate_machines(jobs), jobs, fewest, str(jobs))
