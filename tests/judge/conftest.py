"""A warm judge over the fixture packs, shared by the judge tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge

FIXTURE_PACKS = Path(__file__).parent / "packs"


@pytest.fixture(scope="session")
def judge() -> Iterator[Judge]:
    """A judge without torch (fast to start) over tests/judge/packs."""
    with Judge(Catalog(FIXTURE_PACKS), preload_torch=False, slots=2) as j:
        yield j


def _grade(judge: Judge, code: str, *, hidden: bool = False) -> dict[str, Any]:
    return judge.grade("echo", code, hidden=hidden).to_dict()


def _assert_healthy(judge: Judge) -> None:
    res = _grade(judge, "def solve(x):\n    return x\n", hidden=True)
    assert res["status"] == "pass", res


@pytest.fixture
def grade(judge: Judge) -> Callable[..., dict[str, Any]]:
    """Grade code for the echo fixture: ``grade(code, hidden=False) -> result dict``."""
    return lambda code, hidden=False: _grade(judge, code, hidden=hidden)


@pytest.fixture
def assert_healthy(judge: Judge) -> Callable[[], None]:
    """Assert the judge still serves: a correct solution passes."""
    return lambda: _assert_healthy(judge)
