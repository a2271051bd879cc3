"""Mock loops and the study plan: assembly, the stored clock, grading, report, plan."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from mldrills.errors import InvalidInput
from mldrills.practice import mock_grading, mocks, plan
from mldrills.practice.progress import AreaProgress
from mldrills.store import Store

PACKS = Path(__file__).parents[2] / "packs"


def _passing(slug: str, code: str) -> dict[str, object]:
    return {"status": "pass", "checks": [{"status": "pass"}, {"status": "pass"}]}


def test_assembly_is_reproducible_and_woven_with_behavioral() -> None:
    packs = mocks.Packs.load(PACKS)
    onsite = mocks.assemble("onsite", packs, {}, seed=7)
    assert [r.kind for r in onsite] == ["ml", "coding", "design", "ml"]
    assert all(r.items[-1][0] == "behavioral" for r in onsite)
    assert onsite[0].area != onsite[3].area  # two ML rounds, two areas
    for s in range(20):
        rounds = mocks.assemble("onsite", packs, {}, seed=s)
        assert not {r.area for r in rounds if r.kind == "ml"} & mocks.NOT_ML_DEPTH
    assert mocks.assemble("onsite", packs, {}, seed=7) == onsite


def test_coding_rounds() -> None:
    assert mocks.sequence_of("onsite", 2)[-1] == "coding"
    for kind, n in (("screen", 2), ("onsite", 3), ("onsite", 0), ("final", 1)):
        with pytest.raises(InvalidInput):
            mocks.sequence_of(kind, n)


def test_weak_areas_come_up_more_often() -> None:
    packs = mocks.Packs.load(PACKS)
    weak = {a: (1.0 if a == "recsys" else 0.0) for a in packs.cards.areas}
    hits = sum(mocks.assemble("screen", packs, weak, seed=s)[0].area == "recsys" for s in range(60))
    even = sum(mocks.assemble("screen", packs, {}, seed=s)[0].area == "recsys" for s in range(60))
    assert hits > 2 * even


def test_minutes_are_checked() -> None:
    assert mocks.parse_minutes("ml=2,coding=3.5") == {"ml": 2.0, "coding": 3.5}
    for bad in ("ml", "chat=3", "ml=x"):
        with pytest.raises(InvalidInput):
            mocks.parse_minutes(bad)
    with pytest.raises(InvalidInput):
        mocks.round_minutes("screen", {"ml": 0})


def test_clock_runs_only_between_start_and_pause(store: Store) -> None:
    user = store.create_user("ada", "hash")
    record = mocks.start(store, user.id, "screen", seed=1, root=PACKS)
    first = record.rounds[0]
    assert first.running and len(first.intervals) == 1
    paused = mocks.pause(store, user.id, record.id).rounds[0]
    assert not paused.running
    used = mocks.used_seconds(paused)
    _begin, stop = paused.intervals[0]
    assert stop is not None
    # Far in the future a paused clock still shows the same time used.
    assert mocks.used_seconds(paused, stop + timedelta(hours=3)) == used
    again = mocks.pause(store, user.id, record.id, running=True).rounds[0]
    assert again.running and len(again.intervals) == 2


def test_answers_survive_and_the_report_has_rounds_and_next_items(store: Store) -> None:
    user = store.create_user("ada", "hash")
    record = mocks.start(store, user.id, "screen", seed=2, root=PACKS)
    card = record.rounds[0].items[0]
    mocks.save_answer(store, user.id, record.id, card.id, "a first line")
    mocks.save_answer(store, user.id, record.id, card.id, "a first line\nand a second")
    reread = store.mock(user.id, record.id).rounds[0].items[0]
    assert reread.answers == {"": "a first line\nand a second"}
    packs = mocks.Packs.load(PACKS)
    for _ in record.rounds:
        code_item = mocks.current_round(store.mock(user.id, record.id))
        assert code_item is not None
        for item in code_item.items:
            if item.kind == "exercise":
                mocks.save_answer(store, user.id, record.id, item.id, "def f(): pass\n")
        mock_grading.finish_round(
            store, user.id, record.id, _passing, method="lexical", packs=packs
        )
    done = store.mock(user.id, record.id)
    assert done.finished_at is not None and done.report is not None
    rounds = done.report["rounds"]
    assert rounds[1]["score"] == 1.0 and rounds[0]["score"] < mocks.PASS_MARK
    assert rounds[0]["area"] in {w["area"] for w in done.report["weak_areas"]}
    assert any(n["link"].startswith("card:") for n in done.report["next"])
    with pytest.raises(InvalidInput):
        mocks.save_answer(store, user.id, record.id, card.id, "too late")


def _area(slug: str, number: int, **figures: int) -> plan.AreaInputs:
    base = dict.fromkeys(
        ("exercises", "solved", "attempted", "cards_seen", "cards_due", "cards_mature"), 0
    )
    base.update(drills=2, drills_tried=0, drill_answers=0, drill_correct=0)
    base.update(figures)
    progress = AreaProgress(
        area=slug, number=number, title=slug.title(), cards=10, retention=None, **base
    )
    return plan.AreaInputs(progress, ((f"{slug}-ex", "An exercise", 20),), (f"{slug}-drill",))


def test_plan_weights_weak_areas_and_is_deterministic() -> None:
    inputs = [
        _area("trees", 3, attempted=10, solved=9, drill_answers=10, drill_correct=9),
        _area("llm", 2, attempted=10, solved=1, drill_answers=10, drill_correct=2),
    ]
    today = date(2027, 1, 1)
    built = plan.build(inputs, [], today + timedelta(days=10), today, 1.5)
    assert built == plan.build(inputs, [], today + timedelta(days=10), today, 1.5)
    by_area = {a["area"]: a for a in built["areas"]}
    assert by_area["llm"]["weakness"] > by_area["trees"]["weakness"]
    assert by_area["llm"]["minutes"] > by_area["trees"]["minutes"]
    assert built["items"][0]["area"] == "llm"
    assert built["minutes_today"] <= 90
    with pytest.raises(InvalidInput):
        plan.build(inputs, [], today - timedelta(days=1), today, 1.5)
    with pytest.raises(InvalidInput):
        plan.build(inputs, [], today, today, 0)


def test_a_mock_result_replans() -> None:
    from mldrills.store.mocks import MockRecord, MockRoundRecord
    from mldrills.store.models import utcnow

    inputs = [_area("trees", 3), _area("llm", 2)]
    before = plan.weakness([i.progress for i in inputs], [])
    assert before == {"trees": 0.5, "llm": 0.5}  # no evidence: the prior
    now = utcnow()
    failed = MockRoundRecord(1, 0, "ml", "ML depth", "trees", 20, {"score": 0.0}, now, (), ())
    mock = MockRecord(1, 1, "screen", 1, 1, None, now, now, now, (failed,))
    after = plan.weakness([i.progress for i in inputs], [mock])
    assert after["trees"] == pytest.approx(1 - 1 / 5) and after["llm"] == 0.5
    today = date(2027, 1, 1)
    replanned = plan.build(inputs, [mock], today + timedelta(days=5), today, 1.0)
    assert replanned["items"][0]["area"] == "trees"
    assert (
        plan.build(inputs, [], today + timedelta(days=5), today, 1.0)["items"][0]["area"] == "llm"
    )


def test_a_judge_outage_keeps_the_round_open_and_a_refused_answer_scores_zero(
    store: Store,
) -> None:
    from mldrills.errors import JudgeUnavailable

    def down(slug: str, code: str) -> dict[str, object]:
        raise JudgeUnavailable("the judge's fork server stopped")

    user = store.create_user("ada", "hash")
    record = mocks.start(store, user.id, "screen", seed=4, root=PACKS)
    packs = mocks.Packs.load(PACKS)
    told = record.rounds[0].items[-1]
    mocks.save_answer(store, user.id, record.id, told.id, "I did it. " * 2500)  # 25,000 chars
    after = mock_grading.finish_round(
        store, user.id, record.id, down, method="lexical", packs=packs
    )
    refused = after.rounds[0].result["items"][-1]  # type: ignore[index]
    assert refused["score"] == 0 and "at most" in refused["message"]
    code = after.rounds[1].items[0]
    mocks.save_answer(store, user.id, record.id, code.id, "def f(): pass\n")
    with pytest.raises(JudgeUnavailable):
        mock_grading.finish_round(store, user.id, record.id, down, method="lexical", packs=packs)
    still = store.mock(user.id, record.id)
    assert still.current == 1 and still.rounds[1].finished_at is None
    assert still.rounds[1].items[0].answers[""] == "def f(): pass\n"


def test_code_file_is_the_mocks_own(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLDRILLS_WORKSPACE_DIR", str(tmp_path / "ws"))
    user = store.create_user("ada", "hash")
    record = mocks.start(store, user.id, "screen", seed=6, root=PACKS)
    item = record.rounds[1].items[0]
    starter = tmp_path / "starter.py"
    starter.write_text("def f():\n    raise NotImplementedError\n", encoding="utf-8")
    path = mocks.code_file(record.id, item, starter)
    assert path.is_relative_to(tmp_path / "ws" / "mocks" / str(record.id))
    assert path.read_text(encoding="utf-8") == starter.read_text(encoding="utf-8")
    path.write_text("def f():\n    return 1\n", encoding="utf-8")
    assert "return 1" in mocks.code_file(record.id, item, starter).read_text(encoding="utf-8")
    mocks.save_answer(store, user.id, record.id, item.id, "def f():\n    return 2\n")
    path.unlink()  # a lost file comes back from the stored answer
    item = store.mock(user.id, record.id).rounds[1].items[0]
    assert "return 2" in mocks.code_file(record.id, item, starter).read_text(encoding="utf-8")
