"""How a submission's cost grows with its input, judged so that machine load cannot move it.

Two measurements, each able to fail a submission:

1. Counted work, on small inputs (n0 and 8 n0): the Python line events the call runs,
   counted in the child, compared with the growth ``expected`` (and the reference's own
   count growth, counted here). Counts are exact: a busy machine changes nothing.
2. CPU time of the whole child (every thread and process, from the kernel, read by the
   supervisor) on larger inputs, against the reference measured here, interleaved, at
   the same moments. It catches what lines cannot see (a scan inside ``x in list``,
   ``list.count`` or numpy) and anything a submission does to its own count, with a
   margin wide enough that load does not trip it.

``method="cpu"`` (setting ``growth_method``) selects the earlier CPU-time-only check,
kept for ``benchmarks/growth_methods.py`` to compare against.
"""

from __future__ import annotations

import copy
import math
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mldrills import settings
from mldrills.checks.core import Case, CheckFailed, Trial
from mldrills.probes.linecount import counted_call

MakeCase = Callable[[int, np.random.Generator], Case]
METHODS = ("counts", "cpu")
NOMINAL = {"n": 1.0, "n + k": 1.0, "n log k": 1.05, "n log n": 1.1, "n log w": 1.1, "n^2": 2.0}
NOMINAL_BEFORE = dict(NOMINAL)  # the earlier method's table, kept as it was
NOMINAL["V + E"] = 1.0
NOMINAL["n + n_bins"] = 1.0  # linear: it fell back to 1.1 and widened the CPU allowance
COUNT_STEP = 8  # counted sizes: n0 and 8 n0
CAP_EXPONENT = 2.2  # a counted call stops at 8^2.2 = x97 the lines of the smaller size
CPU_FLOOR = 0.0002  # seconds: a CPU reading below this is mostly call overhead
REF_REPEATS = 7  # runs of the reference per size (fastest kept), while within REF_BUDGET
REF_BUDGET = 0.05  # seconds of reference CPU per size
MIN_CPU_N = 16  # stepping down from a slow first size stops here


@dataclass(frozen=True)
class Growth:
    """The parameters of one growth check, as declared by ``complexity``."""

    fn: str
    make_case: MakeCase
    n: int
    top: int
    count_n: int
    legacy_sizes: tuple[int, int]  # n and max_n of the earlier method
    expected: str
    margin: float
    cpu_margin: float
    target_seconds: float
    repeats: int | None  # per size; None: 3 (counts method) or 2 (the earlier one)
    hint: str | None

    @property
    def nominal(self) -> float:
        """Growth exponent of the expected complexity."""
        return NOMINAL.get(self.expected, 1.1)


def method() -> str:
    """The growth method in use (setting ``growth_method``)."""
    return settings.get_choice("growth_method", METHODS)


def run(g: Growth, t: Trial) -> None:
    """Judge the growth of ``g.fn`` in the submission ``t.sub``; raise CheckFailed if too fast."""
    if method() == "cpu":
        _run_cpu_only(g, t)
        return
    _check_counts(g, t)
    _check_cpu(g, t)


# ---------------------------------------------------------------------- counted work
def _check_counts(g: Growth, t: Trial) -> None:
    sub_fn, ref_fn = getattr(t.sub, g.fn), getattr(t.ref, g.fn)
    sizes = (g.count_n, g.count_n * COUNT_STEP)
    cases = [g.make_case(size, t.rng) for size in sizes]
    refs = [_ref_lines(ref_fn, case) for case in cases]
    base = g.nominal
    if refs[0] >= 50:
        base = max(base, math.log(refs[1] / refs[0]) / math.log(COUNT_STEP))
    subs: list[int] = []
    cap = COUNT_STEP ** max(base + g.margin, CAP_EXPONENT)
    limit: int | None = None
    for case in cases:
        # Far past the allowed growth the verdict is known: stop the call there.
        limit = math.ceil(subs[0] * cap) if subs else None
        sub_fn._counted(limit, *case.args, **case.kwargs)
        lines = t.session.channel.last_lines
        if lines is None:
            raise CheckFailed(
                "the judge could not count your code's work: it switched off or replaced the "
                "tracer (sys.settrace / threading.settrace) the growth check relies on",
                hint=g.hint,
            )
        subs.append(max(lines, 1))
    e_sub = math.log(subs[1] / subs[0]) / math.log(COUNT_STEP)
    if e_sub <= base + g.margin:
        return
    stopped = limit is not None and subs[1] > limit
    grew = f"more than x{cap:.0f}" if stopped else f"x{subs[1] / subs[0]:.0f}"
    counted = f"over {limit:,} (stopped there)" if stopped else f"{subs[1]:,}"
    like = f"worse than {_like(CAP_EXPONENT)}" if stopped else f"like {_like(e_sub)}"
    raise CheckFailed(
        f"correct results, but too slow: the Python lines your code ran grew {grew} when "
        f"the input grew x{COUNT_STEP} (n={sizes[0]:,}: {subs[0]:,} lines; "
        f"n={sizes[1]:,}: {counted}), {like}; an O({g.expected}) solution grows "
        f"about x{COUNT_STEP**base:.0f} here",
        hint=g.hint,
    )


def _ref_lines(ref_fn: Callable[..., Any], case: Case) -> int:
    args, kwargs = _fresh(case.args), _fresh(case.kwargs)
    lines = counted_call(ref_fn, args, kwargs, threads=False)[1]
    return max(lines or 0, 1)


# ---------------------------------------------------------------------- CPU time
def _check_cpu(g: Growth, t: Trial) -> None:
    sub_fn, ref_fn = getattr(t.sub, g.fn), getattr(t.ref, g.fn)
    cases: list[tuple[int, Case]] = []
    subs: list[list[float]] = []
    refs: list[list[float]] = []

    def measure(i: int) -> None:  # the reference right after: the same moment of load
        case = cases[i][1]
        subs[i].append(t.timed(sub_fn, *case.args, **case.kwargs)[1])
        refs[i].append(_cpu(ref_fn, case))

    def add(size: int) -> None:
        cases.append((size, g.make_case(size, t.rng)))
        subs.append([])
        refs.append([])
        measure(len(cases) - 1)
        _settle_reference(ref_fn, cases[-1][1], refs[-1])

    size = g.n
    while size <= g.top:
        add(size)
        if subs[-1][0] >= g.target_seconds or subs[-1][0] * 4 > t.time_left() / 4:
            break
        size *= 4
    # A span under x16 (too slow at the first size already, or at the second): step down
    # to x16, as a quadratic mutant must not pass by being slow early. Over x4 alone the
    # margin is a factor 4^0.6 = 2.3 in time, and a quadratic's x16 left 1.5x of it,
    # which load once took (histogram-binning's list `in` scan read 7.5 ms at n=500 and
    # 96 ms at n=2,000 beside two busy processes). Smaller sizes are cheap.
    while cases[-1][0] < 16 * cases[0][0] and cases[0][0] // 4 >= MIN_CPU_N and t.time_left() > 1.0:
        small = cases[0][0] // 4
        cases.insert(0, (small, g.make_case(small, t.rng)))
        subs.insert(0, [])
        refs.insert(0, [])
        measure(0)
        _settle_reference(ref_fn, cases[0][1], refs[0])
        if subs[0][0] >= g.target_seconds:
            del cases[1:], subs[1:], refs[1:]  # still too slow: step down from here
    # Load only ever adds time. Extra time on a small size hides growth, on the largest it
    # fakes growth; so the small sizes (cheap) always get the fastest of ``repeats`` runs,
    # and the largest is run again only when it would decide a failure or the span is short.
    rounds = g.repeats or 3
    for _ in range(rounds - 1):
        for i in range(len(cases) - 1):
            measure(i)
    verdict = _cpu_verdict(g, [c[0] for c in cases], subs, refs)
    if verdict is not None or len(cases) < 3:
        for _ in range(rounds - 1):
            measure(len(cases) - 1)
        verdict = _cpu_verdict(g, [c[0] for c in cases], subs, refs)
    if verdict is not None:
        raise CheckFailed(verdict, hint=g.hint)


def _cpu_verdict(
    g: Growth, sizes: list[int], subs: list[list[float]], refs: list[list[float]]
) -> str | None:
    """The failure message when the CPU time grows too fast, else None.

    Judged over the whole span and over its last step, where a quadratic term hidden
    behind a large linear one at small sizes shows most.
    """
    rows = [(n, min(s), min(r)) for n, s, r in zip(sizes, subs, refs, strict=True)]
    usable = [row for row in rows if row[1] >= CPU_FLOOR]
    spans = [(usable[0], usable[-1])] if len(usable) >= 2 else []
    if len(usable) >= 3:
        spans.append((usable[-2], usable[-1]))
    for (n0, s0, r0), (n1, s1, r1) in spans:
        step = n1 / n0
        e_sub = math.log(s1 / s0) / math.log(step)
        base = g.nominal
        if min(r0, r1) >= CPU_FLOOR:
            base = max(base, math.log(r1 / r0) / math.log(step))
        if e_sub > base + g.cpu_margin:
            return (
                f"correct results, but too slow: your code's CPU time grew x{s1 / s0:.0f} "
                f"when the input grew x{step:.0f} (n={n0:,}: {s0 * 1000:.1f} ms; n={n1:,}: "
                f"{s1 * 1000:.1f} ms), like {_like(e_sub)}; an O({g.expected}) solution "
                f"grows about x{step**base:.0f} here (the reference grew "
                f"x{r1 / max(r0, 1e-9):.0f} on the same inputs)"
            )
    return None


def _like(exponent: float) -> str:
    for e, label in ((1.25, "O(n)"), (1.6, "O(n log n) or a bit worse"), (2.4, "O(n^2)")):
        if exponent < e:
            return label
    return f"n^{exponent:.1f}"


def _fresh(value: Any) -> Any:
    """A private copy for the reference: pickling is ~10x faster than deepcopy on plain data."""
    try:
        return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # not picklable: copy it the slow way
        return copy.deepcopy(value)


def _settle_reference(fn: Callable[..., Any], case: Case, times: list[float]) -> None:
    """Time the reference until its fastest run is trustworthy (it is cheap: often < 1 ms).

    The reference's growth sets the allowance, so a slow reading at its largest size
    would raise the allowance and hide a failure, one at its smallest would lower it and
    fail correct code. Load only ever adds time: the fastest of several runs is the one
    to keep.
    """
    spent = sum(times)
    while len(times) < REF_REPEATS and spent < REF_BUDGET:
        times.append(_cpu(fn, case))
        spent += times[-1]


def _cpu(fn: Callable[..., Any], case: Case) -> float:
    args, kwargs = _fresh(case.args), _fresh(case.kwargs)
    start = time.thread_time()
    fn(*args, **kwargs)
    return time.thread_time() - start


# ---------------------------------------------------------------------- the earlier method
def _run_cpu_only(g: Growth, t: Trial) -> None:
    """The CPU-time-only check this module replaced (kept for the benchmark)."""
    sub_fn, ref_fn = getattr(t.sub, g.fn), getattr(t.ref, g.fn)
    rows: list[tuple[int, float, float]] = []
    nominal = NOMINAL_BEFORE.get(g.expected, 1.1)
    size = _starting_size(t, sub_fn, g.make_case, g.legacy_sizes[0], g.target_seconds)
    while size <= g.legacy_sizes[1]:
        case = g.make_case(size, t.rng)
        repeats = g.repeats or 2
        took = min(t.timed(sub_fn, *case.args, **case.kwargs)[1] for _ in range(repeats))
        ref = min(_cpu(ref_fn, case) for _ in range(repeats))
        rows.append((size, took, ref))
        if took >= g.target_seconds or took * 4 > t.time_left() / (repeats + 1):
            break
        size *= 2
    usable = [r for r in rows if r[1] >= 0.003]
    if len(usable) < 3:
        return
    sizes = np.log([r[0] for r in usable])
    e_sub = float(np.polyfit(sizes, np.log([r[1] for r in usable]), 1)[0])
    e_ref = nominal
    if min(r[2] for r in usable) >= 0.003:
        e_ref = max(nominal, float(np.polyfit(sizes, np.log([r[2] for r in usable]), 1)[0]))
    if e_sub > e_ref + g.margin:
        (n0, t0, _), (n1, t1, _) = usable[0], usable[-1]
        raise CheckFailed(
            f"correct results, but too slow: the running time grew x{t1 / t0:.0f} when "
            f"the input grew x{n1 / n0:.0f}, from n={n0:,} to n={n1:,} (like "
            f"n^{e_sub:.1f}; an O({g.expected}) solution grows like n^{e_ref:.1f} here)",
            hint=g.hint,
        )


def _starting_size(t: Trial, sub_fn: Any, make_case: MakeCase, n: int, target: float) -> int:
    """Shrink n until the submission's first run is well under the target."""
    size = n
    while size > 16:
        case = make_case(size, t.rng)
        if t.timed(sub_fn, *case.args, **case.kwargs)[1] < target / 4:
            break
        size //= 4
    return size
