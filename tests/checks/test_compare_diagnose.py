"""A mistake table given as a function is computed only when a comparison fails, and then
names the mistake exactly as a ready table does."""

from __future__ import annotations

import numpy as np
import pytest

from mldrills.checks import CheckFailed, compare


def _counted(table: dict) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> dict:
        calls.append(1)
        return table

    return calls, build


def test_a_passing_comparison_never_builds_the_table() -> None:
    calls, build = _counted({"x": 0})
    compare.close(np.ones(3), np.ones(3), diagnose=build)
    compare.equal([1, 2], (1, 2), diagnose=build)
    assert calls == []


@pytest.mark.parametrize("lazy", [False, True])
def test_a_failure_names_the_mistake_either_way(lazy: bool) -> None:
    table = {"summed instead of averaged": [3.0, 6.0]}
    calls, build = _counted(table)
    with pytest.raises(CheckFailed) as close_fail:
        compare.close([3.0, 6.0], [1.0, 2.0], diagnose=build if lazy else table)
    with pytest.raises(CheckFailed) as equal_fail:
        compare.equal([3.0, 6.0], [1.0, 2.0], diagnose=build if lazy else table)
    for info in (close_fail, equal_fail):
        assert info.value.hint == "likely mistake: summed instead of averaged"
    assert calls == ([1, 1] if lazy else [])
