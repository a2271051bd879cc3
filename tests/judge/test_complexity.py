"""The growth check separates O(n log n) from O(n^2), by growth and not by speed.

Counted Python lines catch work done in Python; the child's CPU time, read by the
supervisor for every thread, catches work done in C or hidden from the count.
"""

from __future__ import annotations

import re

from mldrills.grading import Judge

INSERTION = """
def sort_numbers(xs):
    out = []
    for x in xs:
        i = len(out)
        out.append(x)
        while i > 0 and out[i - 1] > x:
            out[i] = out[i - 1]
            i -= 1
        out[i] = x
    return out
"""
SLOW_BUT_NLOGN = """
def sort_numbers(xs):
    if len(xs) <= 1:
        return list(xs)
    mid = len(xs) // 2
    a, b = sort_numbers(xs[:mid]), sort_numbers(xs[mid:])
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i]); i += 1
        else:
            out.append(b[j]); j += 1
    return out + a[i:] + b[j:]
"""
# O(n) Python lines, O(n^2) work inside min() and list.remove (C): only CPU time sees it.
SELECTION_IN_C = """
def sort_numbers(xs):
    rest, out = list(xs), []
    while rest:
        m = min(rest)
        rest.remove(m)
        out.append(m)
    return out
"""
# The quadratic sort in a thread the tracer does not follow (issue 12 item 8).
HIDDEN_THREAD = """
import _thread

def _insertion(xs, out, done):
    for x in xs:
        i = len(out)
        out.append(x)
        while i > 0 and out[i - 1] > x:
            out[i] = out[i - 1]
            i -= 1
        out[i] = x
    done.release()

def sort_numbers(xs):
    out, done = [], _thread.allocate_lock()
    done.acquire()
    _thread.start_new_thread(_insertion, (xs, out, done))
    done.acquire()
    return out
"""
# Insertion sort that lifts the judge's line-count limit, then rewrites the count to
# look linear before returning: the count is the child's to fake, the CPU time is not.
FORGED_COUNT = """
import sys

def _cells():
    return getattr(sys.gettrace(), "__closure__", None) or ()

def sort_numbers(xs):
    for cell in _cells():
        if type(cell.cell_contents) is int:
            cell.cell_contents = 10**12
    out = []
    for x in xs:
        i = len(out)
        out.append(x)
        while i > 0 and out[i - 1] > x:
            out[i] = out[i - 1]
            i -= 1
        out[i] = x
    for cell in _cells():
        if type(cell.cell_contents) is list:
            cell.cell_contents[0] = 10 * len(xs)
    return out
"""
# Linear in lines, quadratic in C, and so slow that the first CPU size already takes
# longer than the check's time target (~0.2 s at n=250): one size says nothing about
# growth, so the check steps down to n=62 rather than passing on a single point.
SLOW_FROM_THE_START = """
def sort_numbers(xs):
    for _ in xs:
        sum(range(len(xs) * 200))
    return sorted(xs)
"""
TRACER_OFF = INSERTION.replace(
    "def sort_numbers(xs):\n", "def sort_numbers(xs):\n    import sys\n    sys.settrace(None)\n"
)


def _growth_check(judge: Judge, code: str):  # type: ignore[no-untyped-def]
    res = judge.grade("sort-numbers", code, hidden=True)
    assert res.checks[0].status == "pass", res.checks[0]  # correct results everywhere
    check = res.checks[-1]
    assert check.name == "grows like n log n"
    return check


def test_quadratic_python_fails_on_counted_lines_with_sizes_and_counts(judge: Judge) -> None:
    check = _growth_check(judge, INSERTION)
    assert check.status == "fail", check
    m = re.search(
        r"correct results, but too slow: the Python lines your code ran grew x(\d+) when the "
        r"input grew x8 \(n=64: [\d,]+ lines; n=512: [\d,]+\), like O\(n\^2\); an "
        r"O\(n log n\) solution grows about x(\d+) here",
        check.message,
    )
    assert m, check.message
    assert int(m.group(1)) >= 30 and 8 <= int(m.group(2)) <= 16, check.message
    assert check.hint == "insertion sort is quadratic"


def test_a_slow_constant_with_the_right_growth_passes(judge: Judge) -> None:
    # Pure-Python merge sort is ~20x slower than sorted() but grows the same way.
    assert _growth_check(judge, SLOW_BUT_NLOGN).status == "pass"


def test_quadratic_work_in_c_fails_on_cpu_time(judge: Judge) -> None:
    check = _growth_check(judge, SELECTION_IN_C)
    assert check.status == "fail", check
    assert "your code's CPU time grew x" in check.message, check.message
    assert re.search(r"n=250: [\d.]+ ms; n=4,000: [\d.]+ ms", check.message), check.message


def test_quadratic_work_slow_at_the_first_size_still_fails(judge: Judge) -> None:
    check = _growth_check(judge, SLOW_FROM_THE_START)
    assert check.status == "fail", check
    assert re.search(r"n=62: [\d.]+ ms; n=250: [\d.]+ ms", check.message), check.message


def test_quadratic_work_in_an_untraced_thread_is_counted(judge: Judge) -> None:
    check = _growth_check(judge, HIDDEN_THREAD)
    assert check.status == "fail", check
    assert "your code's CPU time grew x" in check.message, check.message


def test_a_forged_line_count_does_not_pass(judge: Judge) -> None:
    check = _growth_check(judge, FORGED_COUNT)
    assert check.status == "fail", check
    assert "your code's CPU time grew x" in check.message, check.message


def test_switching_the_tracer_off_fails(judge: Judge) -> None:
    check = _growth_check(judge, TRACER_OFF)
    assert check.status == "fail", check
    assert "could not count your code's work" in check.message, check.message
