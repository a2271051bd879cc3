"""Progress while grading: each check is announced before it runs; hidden names stay hidden."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.progress import MemoryBoard, Progress, reporting

PACKS = Path(__file__).parent / "packs"
GOOD = "def solve(xs):\n    return sorted(range(len(xs)), key=lambda i: -xs[i])\n"


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    mp = pytest.MonkeyPatch()
    mp.setenv("MLDRILLS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    with Judge(Catalog(PACKS), preload_torch=False, slots=1) as j:
        yield j
    mp.undo()


def test_each_check_is_announced_and_a_hidden_one_without_its_name(judge: Judge) -> None:
    heard: list[Progress] = []
    result = judge.grade("rank-desc", GOOD, hidden=True, on_progress=heard.append)
    assert result.status == "pass"
    # the library check is decided from the source before any child runs: 1 of 4 done
    assert [(p.done, p.total, p.check, p.hidden) for p in heard] == [
        (1, 4, "largest first", False),
        (2, 4, "ties keep input order", False),
        (3, 4, None, True),
    ]
    assert heard[0].text() == "Running check 2 of 4: largest first"
    assert heard[2].text() == "Running hidden check 4 of 4"
    assert "longer lists" not in str(heard[2].to_dict())


def test_a_listener_set_around_the_grade_hears_it_too(judge: Judge) -> None:
    board = MemoryBoard()
    with reporting(lambda p: board.report(7, p)):
        judge.grade("rank-desc", GOOD, hidden=False)
    latest = board.latest(7)
    assert latest is not None and latest.check == "ties keep input order"
    board.clear(7)
    assert board.latest(7) is None
    judge.grade("rank-desc", GOOD, hidden=False)  # outside the block: nobody hears it


def test_a_listener_that_fails_never_breaks_the_grade(judge: Judge) -> None:
    def broken(_: Progress) -> None:
        raise RuntimeError("listener bug")

    assert judge.grade("rank-desc", GOOD, hidden=False, on_progress=broken).status == "pass"


def test_progress_round_trips_as_data() -> None:
    p = Progress(2, 5, None, True)
    assert Progress.from_dict(p.to_dict()) == p
    assert p.to_dict()["text"] == "Running hidden check 3 of 5"


def test_tracking_keeps_the_latest_on_the_judges_board_and_clears_it(judge: Judge) -> None:
    seen: list[Progress | None] = []

    def spy(p: Progress) -> None:
        seen.append(judge.board.latest(42))

    from mldrills.grading.progress import tracking

    with tracking(judge.board, 42):
        judge.grade("rank-desc", GOOD, hidden=True)
        assert judge.board.latest(42) is not None  # the last check's, until the block ends
        judge.grade("rank-desc", GOOD, hidden=False, on_progress=spy)  # an explicit listener
    assert judge.board.latest(42) is None
    assert len(seen) == 2
