"""What the dashboard shows: suggestions, streak, progress by topic, and time series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from mldrills.content.pack import DIFFICULTIES, TOPICS, Meta
from mldrills.practice.exercise_list import status_of
from mldrills.store import AttemptRecord, SlugStats

RECENT_DAYS = 14
SERIES_DAYS = 30
MAX_SUGGESTIONS = 5


def streak(days: Iterable[date], today: date) -> dict[str, Any]:
    """Current and best run of consecutive practice days (UTC); today may still come."""
    active = sorted(set(days))
    best = run = 0
    previous: date | None = None
    for day in active:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best, previous = max(best, run), day
    current = run if previous is not None and (today - previous).days <= 1 else 0
    return {"current": current, "best": best, "today": previous == today}


def topic_progress(metas: Sequence[Meta], stats: dict[str, SlugStats]) -> list[dict[str, Any]]:
    """Per syllabus topic: exercises, solved, attempted (topics without exercises too)."""
    rows = []
    for number, name in TOPICS.items():
        mine = [m for m in metas if m.topic == number]
        statuses = [status_of(stats.get(m.slug)) for m in mine]
        solved = statuses.count("solved")
        rows.append(
            {
                "topic": number,
                "name": name,
                "total": len(mine),
                "solved": solved,
                "attempted": solved + statuses.count("attempted"),
                "percent": round(100 * solved / len(mine)) if mine else 0,
            }
        )
    return rows


def _failed_recently(
    metas: dict[str, Meta], attempts: Sequence[AttemptRecord], stats: dict[str, SlugStats]
) -> list[tuple[str, str]]:
    since = datetime.now(UTC) - timedelta(days=RECENT_DAYS)
    out: dict[str, str] = {}
    for a in attempts:  # newest first: the first one seen per slug is the latest
        if a.kind != "submit" or a.slug in out or a.slug not in metas or a.created_at < since:
            continue
        if a.status != "pass" and status_of(stats.get(a.slug)) != "solved":
            out[a.slug] = f"failed {a.passed_checks}/{a.total_checks} checks recently"
    return list(out.items())


def _weakest_topics(metas: Sequence[Meta], stats: dict[str, SlugStats]) -> list[tuple[str, str]]:
    topics = [t for t in topic_progress(metas, stats) if t["total"] > t["solved"]]
    topics.sort(key=lambda t: (t["solved"] / t["total"], -t["attempted"], t["topic"]))
    out = []
    for t in topics[:2]:
        unsolved = [m for m in metas if m.topic == t["topic"] and not _solved(stats, m.slug)]
        unsolved.sort(key=_easiest_first)
        reason = f"weakest topic: {t['name']} ({t['solved']}/{t['total']} solved)"
        out.append((unsolved[0].slug, reason))
    return out


def _solved(stats: dict[str, SlugStats], slug: str) -> bool:
    return status_of(stats.get(slug)) == "solved"


def _easiest_first(meta: Meta) -> tuple[int, int, str]:
    return (DIFFICULTIES.index(meta.difficulty), meta.topic, meta.title)


def suggestions(
    metas: Sequence[Meta], stats: dict[str, SlugStats], attempts: Sequence[AttemptRecord]
) -> list[dict[str, Any]]:
    """Up to five exercises to do next, each with the reason it was picked."""
    by_slug = {m.slug: m for m in metas}
    unsolved = sorted((m for m in metas if not _solved(stats, m.slug)), key=_easiest_first)
    picks = [
        *_failed_recently(by_slug, attempts, stats)[:2],
        *_weakest_topics(metas, stats),
        *[(m.slug, "not solved yet") for m in unsolved],
    ]
    out: list[dict[str, Any]] = []
    for slug, reason in picks:
        if len(out) == MAX_SUGGESTIONS:
            break
        if all(s["slug"] != slug for s in out):
            out.append({**by_slug[slug].to_dict(), "reason": reason})
    return out


def _day_ts(day: date) -> int:
    return int(datetime.combine(day, time(), UTC).timestamp())


def series(attempts: Sequence[AttemptRecord], today: date) -> dict[str, list[Any]]:
    """Daily attempts and submission pass rate over the last 30 days; time to each solve.

    Timestamps are Unix seconds (what uPlot wants); a day without submissions has a
    ``None`` pass rate, drawn as a gap.
    """
    runs: dict[date, int] = defaultdict(int)
    submits: dict[date, list[bool]] = defaultdict(list)
    for a in attempts:
        day = a.created_at.date()
        runs[day] += 1
        if a.kind == "submit":
            submits[day].append(a.status == "pass")
    days = [today - timedelta(days=n) for n in range(SERIES_DAYS - 1, -1, -1)]
    solves = sorted(
        (a.created_at, a.time_spent_s / 60, a.slug)
        for a in attempts
        if a.kind == "submit" and a.status == "pass" and a.time_spent_s is not None
    )
    return {
        "days": [_day_ts(d) for d in days],
        "attempts": [runs.get(d, 0) for d in days],
        "pass_rate": [
            round(100 * sum(submits[d]) / len(submits[d])) if submits.get(d) else None for d in days
        ],
        "solve_times": [int(at.timestamp()) for at, _, _ in solves],
        "solve_minutes": [round(minutes, 1) for _, minutes, _ in solves],
        "solve_slugs": [slug for _, _, slug in solves],
    }


def dashboard(
    metas: Sequence[Meta],
    stats: dict[str, SlugStats],
    attempts: Sequence[AttemptRecord],
    today: date,
) -> dict[str, Any]:
    """Everything the dashboard shows, as JSON-ready data."""
    submissions = [a for a in attempts if a.kind == "submit"]
    passed = sum(a.status == "pass" for a in submissions)
    return {
        "totals": {
            "exercises": len(metas),
            "solved": sum(_solved(stats, m.slug) for m in metas),
            "attempted": sum(status_of(stats.get(m.slug)) != "new" for m in metas),
            "submissions": len(submissions),
            "test_runs": len(attempts) - len(submissions),
            "pass_rate": round(100 * passed / len(submissions)) if submissions else None,
        },
        "streak": streak((a.created_at.date() for a in attempts), today),
        "suggestions": suggestions(metas, stats, attempts),
        "topics": topic_progress(metas, stats),
        "series": series(attempts, today),
    }
