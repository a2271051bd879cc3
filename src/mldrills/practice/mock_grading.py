"""Grading a mock round and writing the mock's report: results, time used, weak areas, next items.

Each item is graded by the feature it comes from: a card on its rubric, an exercise by the
judge (hidden checks, recorded as a submission), a design prompt on its rubric sections, a
behavioral answer by the STAR analyzer.
"""

from __future__ import annotations

from typing import Any

from mldrills.content.behavioral import load_behavioral
from mldrills.content.prompts import get_prompt, load_prompts
from mldrills.errors import InvalidInput, NotFound
from mldrills.feedback.rubric import Method, grade_answer
from mldrills.practice import behavioral, design
from mldrills.practice.mocks import (
    PASS_MARK,
    CodeGrader,
    Packs,
    current_round,
    used_seconds,
)
from mldrills.store import Store
from mldrills.store.mocks import MockItemRecord, MockRecord, MockRoundRecord
from mldrills.store.stories import StoryRecord

STAR_PARTS = ("situation", "task", "action", "result")


def _card(item: MockItemRecord, packs: Packs, method: Method | None) -> dict[str, Any]:
    card = packs.cards.get(item.ref)
    if card is None:
        raise NotFound(f"card {item.ref!r} is no longer in the packs")
    text = item.answers.get("", "")
    base = {"kind": "card", "ref": item.ref, "title": card.question, "answered": bool(text.strip())}
    if not text.strip():
        missed = [p.point for p in card.points]
        return {**base, "score": 0.0, "made": 0, "total": len(card.points), "missed": missed}
    grade = grade_answer(text, card.points, method=method, question=card.question)
    made = sum(1 for p in grade.points if p.made)
    missed = [p.point for p in grade.points if not p.made]
    score = made / len(card.points) if card.points else 0.0
    return {**base, "score": score, "made": made, "total": len(card.points), "missed": missed}


def _exercise(item: MockItemRecord, packs: Packs, grade_code: CodeGrader) -> dict[str, Any]:
    title = packs.catalog.get(item.ref).meta.title
    code = item.answers.get("", "")
    base = {"kind": "exercise", "ref": item.ref, "title": title, "answered": bool(code.strip())}
    if not code.strip():
        return {**base, "score": 0.0, "status": "not attempted", "passed": 0, "total": 0}
    try:
        result = grade_code(item.ref, code)
    except InvalidInput as exc:  # e.g. code over the judge's size limit; an outage propagates
        return {
            **base,
            "score": 0.0,
            "status": "error",
            "passed": 0,
            "total": 0,
            "message": exc.message,
        }
    checks = result.get("checks", [])
    passed = sum(1 for c in checks if c.get("status") == "pass")
    total = len(checks)
    # A submission is judged on all its checks; only a pass counts as a solved round.
    score = 1.0 if result.get("status") == "pass" else (passed / total if total else 0.0) * 0.8
    return {
        **base,
        "score": score,
        "status": result.get("status"),
        "passed": passed,
        "total": total,
    }


def _design(item: MockItemRecord, packs: Packs, method: Method | None) -> dict[str, Any]:
    prompt = get_prompt(item.ref, packs.root)
    texts = {k: v for k, v in item.answers.items() if v.strip()}
    feedback = design.feedback_for_texts(prompt, texts, method)
    return {
        "kind": "design",
        "ref": item.ref,
        "title": prompt.title,
        "answered": bool(texts),
        "score": feedback.coverage,
        "sections": [
            {"title": s.title, "made": s.made, "total": len(s.points)} for s in feedback.sections
        ],
        "missed": [f"{section}: {point}" for section, point in feedback.missed][:8],
    }


def _behavioral(item: MockItemRecord, packs: Packs, stories: list[StoryRecord]) -> dict[str, Any]:
    prompt = load_behavioral(packs.root).prompt(item.ref)
    text = item.answers.get("", "")
    base = {"kind": "behavioral", "ref": item.ref, "title": prompt.question}
    if not text.strip():
        return {**base, "answered": False, "score": 0.0, "advice": ["no answer was given"]}
    feedback = behavioral.answer_feedback(prompt, text, stories)
    report = feedback.report
    parts = sum(1 for name in STAR_PARTS if report.parts[name].present)
    marks = sum(1 for m in report.marks.values() if m.present)
    # Half for the STAR structure, half for the checklist (numbers, ownership, lessons...).
    score = 0.5 * parts / len(STAR_PARTS) + 0.5 * marks / max(len(report.marks), 1)
    return {
        **base,
        "answered": True,
        "score": score,
        "parts": {name: report.parts[name].present for name in STAR_PARTS},
        "marks": {name: m.present for name, m in report.marks.items()},
        "advice": list(report.advice),
        "speaking_seconds": report.speaking_seconds,
    }


def _grade_item(
    item: MockItemRecord,
    packs: Packs,
    grade_code: CodeGrader,
    stories: list[StoryRecord],
    method: Method | None,
) -> dict[str, Any]:
    if item.kind == "card":
        return _card(item, packs, method)
    if item.kind == "exercise":
        return _exercise(item, packs, grade_code)
    if item.kind == "design":
        return _design(item, packs, method)
    return _behavioral(item, packs, stories)


def grade_round(
    round_: MockRoundRecord,
    packs: Packs,
    grade_code: CodeGrader,
    stories: list[StoryRecord],
    method: Method | None = None,
) -> dict[str, Any]:
    """Grade every item of a round; the score is the mean of its main (non-behavioral) items."""
    items = []
    for item in round_.items:
        try:
            items.append(_grade_item(item, packs, grade_code, stories, method))
        except InvalidInput as exc:
            # An answer the grader refuses (too long...) scores 0 rather than blocking the
            # round; a grader or judge that is down raises, and the round stays open.
            failed = {"kind": item.kind, "ref": item.ref, "title": item.ref, "answered": True}
            items.append({**failed, "score": 0.0, "message": exc.message})
    main = [i["score"] for i in items if i["kind"] != "behavioral"]
    told = [i["score"] for i in items if i["kind"] == "behavioral"]
    used = used_seconds(round_)
    return {
        "score": round(sum(main) / len(main), 4) if main else 0.0,
        "behavioral_score": round(sum(told) / len(told), 4) if told else None,
        "used_s": round(used, 1),
        "budget_s": round_.minutes * 60,
        "over": used > round_.minutes * 60,
        "items": items,
    }


def finish_round(
    store: Store,
    user_id: int,
    mock_id: int,
    grade_code: CodeGrader,
    *,
    method: Method | None = None,
    packs: Packs | None = None,
) -> MockRecord:
    """Grade and close the current round, start the next one's clock, or write the report."""
    record = store.mock(user_id, mock_id)
    round_ = current_round(record)
    if round_ is None:
        raise InvalidInput(f"mock {mock_id} is finished; see its report")
    packs = packs or Packs.load()
    stories = store.stories(user_id)
    result = grade_round(round_, packs, grade_code, stories, method)
    store.finish_mock_round(user_id, mock_id, round_.id, result)
    record = store.mock(user_id, mock_id)
    following = current_round(record)
    if following is not None:
        store.run_mock_clock(user_id, mock_id, following.id, True)
    else:
        store.finish_mock(user_id, mock_id, build_report(record, packs))
    return store.mock(user_id, mock_id)


def _weak(record: MockRecord) -> list[dict[str, Any]]:
    weak: dict[str, dict[str, Any]] = {}
    told: list[float] = []
    for round_ in record.rounds:
        result = round_.result or {}
        score = float(result.get("score", 0.0))
        if round_.area and score < PASS_MARK:
            entry = weak.setdefault(
                round_.area, {"area": round_.area, "score": score, "rounds": []}
            )
            entry["score"] = min(entry["score"], score)
            entry["rounds"].append(round_.position + 1)
        if result.get("behavioral_score") is not None:
            told.append(float(result["behavioral_score"]))
    if told and sum(told) / len(told) < PASS_MARK:
        weak["behavioral"] = {"area": "behavioral", "score": sum(told) / len(told), "rounds": []}
    return sorted(weak.values(), key=lambda w: w["score"])


def _next_items(area: str, record: MockRecord, packs: Packs) -> list[dict[str, str]]:
    out: list[dict[str, str]] = [{"link": f"guide:{area}", "title": f"Guide: {area}"}]
    missed = [
        i
        for r in record.rounds
        for i in (r.result or {}).get("items", [])
        if i["kind"] == "card" and i["ref"].startswith(area + "/") and i["score"] < 1
    ]
    out += [{"link": f"card:{i['ref']}", "title": f"Card: {i['title']}"} for i in missed[:3]]
    try:
        syllabus_area = packs.syllabus.area(area)
    except NotFound:
        return out
    out += [{"link": f"drill:{d}", "title": f"Drill: {d}"} for d in syllabus_area.drills[:2]]
    done = {i["ref"] for r in record.rounds for i in (r.result or {}).get("items", [])}
    exercises = [e for e in syllabus_area.exercises if e in packs.catalog.slugs and e not in done]
    out += [{"link": f"exercise:{e}", "title": f"Exercise: {e}"} for e in exercises[:2]]
    prompts, _ = load_prompts(packs.root)
    out += [
        {"link": f"prompt:{p.slug}", "title": f"Design prompt: {p.title}"}
        for p in prompts
        if area in p.areas
    ][:1]
    return out


def build_report(record: MockRecord, packs: Packs) -> dict[str, Any]:
    """Per-round results and time used, the weak areas, and what to practise next."""
    rounds = [
        {
            "position": r.position + 1,
            "title": r.title,
            "kind": r.kind,
            "area": r.area,
            "minutes": r.minutes,
            "used_s": (r.result or {}).get("used_s", round(used_seconds(r), 1)),
            "over": (r.result or {}).get("over", False),
            "score": (r.result or {}).get("score"),
            "behavioral_score": (r.result or {}).get("behavioral_score"),
        }
        for r in record.rounds
    ]
    weak = _weak(record)
    next_items = [
        {**item, "area": w["area"]} for w in weak for item in _next_items(w["area"], record, packs)
    ]
    if any(w["area"] == "behavioral" for w in weak):
        next_items.append({"link": "page:/stories", "title": "Story bank", "area": "behavioral"})
    scores = [r["score"] for r in rounds if r["score"] is not None]
    return {
        "kind": record.kind,
        "score": round(sum(scores) / len(scores), 4) if scores else 0.0,
        "used_s": round(sum(float(r["used_s"]) for r in rounds), 1),
        "rounds": rounds,
        "weak_areas": weak,
        "next": next_items,
    }
