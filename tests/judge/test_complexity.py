"""The complexity check separates O(n log n) from O(n^2), by growth and not by speed."""

from __future__ import annotations

import re

from mldrills.judge import Judge

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


def test_quadratic_fails_on_growth_with_a_message(judge: Judge) -> None:
    res = judge.grade("sort-numbers", INSERTION, hidden=True)
    check = res.checks[-1]
    assert check.name == "grows like n log n"
    assert check.status == "fail", check
    assert "correct results, but too slow" in check.message
    exponent = float(re.search(r"like n\^(\d+\.\d)", check.message).group(1))
    assert exponent >= 1.7, check.message
    assert check.hint == "insertion sort is quadratic"
    assert res.checks[0].status == "pass"  # correct results, failed on time only


def test_a_slow_constant_with_the_right_growth_passes(judge: Judge) -> None:
    # Pure-Python merge sort is ~20x slower than sorted() but grows the same way.
    res = judge.grade("sort-numbers", SLOW_BUT_NLOGN, hidden=True)
    assert res.status == "pass", res.to_dict()
