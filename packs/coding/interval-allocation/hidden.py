from mldrills.checks import Case, Suite, compare, complexity

suite = Suite()


def _closed_overlap(jobs):
    """Most jobs running at once if touching jobs counted as overlapping (a mistake)."""
    events = sorted([(s, 0) for s, _ in jobs] + [(e, 1) for _, e in jobs])  # starts first
    running = best = 0
    for _, kind in events:
        running += 1 if kind == 0 else -1
        best = max(best, running)
    return best


def _check(t, jobs, label):
    """Call the learner's function and validate its allocation against the optimum."""
    fewest = t.ref.allocate_machines(list(jobs))[0]
    got = t.sub.allocate_machines(jobs)
    inputs = f"{label}: {compare.short(jobs, 200)}"
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2,
        f"expected a pair (m, assignment), got {compare.short(got)}", inputs=inputs,
    )
    m, assignment = got
    diag = {}
    if _closed_overlap(jobs) != fewest:
        diag["jobs that only touch (one ends when the next starts) treated as overlapping"] = (
            _closed_overlap(jobs))
    if isinstance(m, int) and m > fewest:
        diag.setdefault(
            "a greedy that does not take jobs in order of start time (by end time, or in "
            "input order) can open machines it did not need", m)
    compare.equal(m, fewest, what="number of machines m", inputs=inputs, diagnose=diag)
    compare.is_true(
        isinstance(assignment, list) and len(assignment) == len(jobs),
        f"assignment must be a list with one machine per job ({len(jobs)}), got "
        f"{compare.short(assignment)}", inputs=inputs,
    )
    for i, a in enumerate(assignment):
        compare.is_true(
            type(a) is int and 0 <= a < m,
            f"assignment[{i}] = {a!r} is not a machine in [0, {m})", inputs=inputs,
        )
    last_end = {}
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i]):
        a = assignment[i]
        if a in last_end:
            j = last_end[a]
            compare.is_true(
                jobs[j][1] <= jobs[i][0],
                f"machine {a} runs job {j} {jobs[j]} and job {i} {jobs[i]}, which overlap",
                inputs=inputs,
            )
        if a not in last_end or jobs[i][1] > jobs[last_end[a]][1]:
            last_end[a] = i


@suite.check("no jobs and one job", hint="no jobs need no machines: return (0, [])")
def tiny(t):
    compare.equal(t.sub.allocate_machines([]), (0, []), what="allocate_machines([])")
    _check(t, [(3, 4)], "one job")
    _check(t, [(-10, -2)], "one job at negative times")


@suite.check(
    "nested and repeated jobs",
    hint="identical jobs overlap each other and need one machine each",
)
def nested(t):
    _check(t, [(0, 10), (2, 3), (4, 5), (6, 7)], "short jobs inside a long one")
    _check(t, [(1, 5)] * 4, "four identical jobs")
    _check(t, [(0, 100), (0, 100), (50, 60), (100, 101)], "duplicates and a job at the end")


@suite.check(
    "greedy order matters",
    hint="take jobs in order of start time; taking them by end time (first machine that is "
    "free) can strand a long job and open an extra machine",
)
def greedy_order(t):
    _check(t, [(6, 12), (3, 4), (10, 11), (2, 8), (0, 1)], "jobs where a greedy by end time fails")
    _check(t, [(10, 20), (0, 5), (5, 15), (15, 25), (0, 10)], "unsorted input")


@suite.check(
    "random schedules",
    hint="a machine can be reused only once its last job has ended; track each machine's end "
    "time (a min-heap of (end, machine)), not just how many jobs are running",
)
def random_schedules(t):
    for n, span, longest in ((6, 12, 5), (20, 40, 10), (60, 100, 30), (300, 1000, 80)):
        starts = t.rng.integers(-span // 2, span, n)
        jobs = [(int(s), int(s + d)) for s, d in zip(starts, t.rng.integers(1, longest, n))]
        _check(t, jobs, f"{n} random jobs")


@suite.check("input list is left unchanged", hint="sort a list of indices or a copy, not the input")
def not_mutated(t):
    jobs = [(5, 9), (1, 3), (2, 6), (8, 10)]
    remote = t.remote(jobs)
    t.sub.allocate_machines(remote)
    compare.equal(remote._get(), jobs, what="the input list after the call", inputs=str(jobs))


def _busy_day(n, rng):
    """n jobs lasting n/16 to n/8 inside a window of n: about n/10 run at once."""
    starts = rng.integers(0, n, n)
    return [(int(s), int(s + d)) for s, d in zip(starts, rng.integers(n // 16, n // 8, n))]


suite.add(
    complexity(
        "allocate_machines",
        lambda n, rng: Case.of(_busy_day(n, rng)),
        n=250,
        max_n=4_000,
        legacy_sizes=(1_000, 16_000),  # the CPU-only method's n, max_n
        name="runs in O(n log n)",
        hint="keep running jobs in a min-heap keyed by end time; never scan all machines or "
        "all earlier jobs for each new job",
        seconds=20,
    )
)
