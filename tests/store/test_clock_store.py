"""The exercise clock: its rules as pure state, its events in the store, and migration 0010."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import text

from mldrills.errors import InvalidInput
from mldrills.store import Store
from mldrills.store.clock import ClockRecord, fresh
from mldrills.store.db import alembic_config

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
LIMIT = 120.0


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def run(clock: ClockRecord, *events: tuple[str, float]) -> ClockRecord:
    for event, when in events:
        clock = clock.apply(event, at(when), LIMIT)
    return clock


# The rules, as pure state


def test_a_running_clock_counts_and_a_pause_banks_the_time() -> None:
    clock = fresh("softmax", T0)
    assert clock.elapsed_s(at(90), LIMIT) == 90 and clock.state(at(90), LIMIT) == "running"
    paused = run(clock, ("pause", 100))
    assert paused.state(at(5000), LIMIT) == "paused" and paused.elapsed_s(at(5000), LIMIT) == 100
    assert paused.paused_reason == "asked"
    resumed = run(paused, ("activity", 400))  # typing resumes it
    assert resumed.elapsed_s(at(460), LIMIT) == 160


def test_a_short_absence_counts_and_a_long_one_pauses_at_its_start() -> None:
    clock = run(fresh("softmax", T0), ("away", 60))
    assert clock.elapsed_s(at(60 + LIMIT), LIMIT) == 60 + LIMIT  # within the limit: still on
    assert run(clock, ("back", 100)).elapsed_s(at(1000), LIMIT) == 1000  # came back in time
    # Unseen for longer than the limit: paused as of the moment it was left.
    assert clock.state(at(61 + LIMIT), LIMIT) == "paused"
    assert clock.elapsed_s(at(10_000), LIMIT) == 60
    back = run(clock, ("back", 900))
    assert back.running_since is None and back.paused_reason == "away" and back.banked_s == 60
    assert run(back, ("activity", 1000)).elapsed_s(at(1030), LIMIT) == 90


def test_a_heartbeat_from_another_tab_ends_an_absence() -> None:
    clock = run(fresh("softmax", T0), ("away", 10), ("activity", 60))
    assert clock.away_since is None and clock.elapsed_s(at(600), LIMIT) == 600


def test_a_stopped_clock_is_frozen_until_an_explicit_restart() -> None:
    stopped = fresh("softmax", T0).stopped(at(300), LIMIT)
    assert stopped.state(at(9000), LIMIT) == "stopped" and stopped.elapsed_s(at(9000), LIMIT) == 300
    assert run(stopped, ("start", 400), ("activity", 500), ("resume", 600)) == stopped
    again = run(stopped, ("restart", 700))
    assert again.elapsed_s(at(710), LIMIT) == 10 and again.restarts == 1
    assert again.stopped_at is None and again.started_at == at(700)


def test_a_paused_clock_stops_with_what_it_banked() -> None:
    clock = run(fresh("softmax", T0), ("pause", 50))
    assert clock.stopped(at(500), LIMIT).banked_s == 50


def test_unknown_event_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="clock event"):
        fresh("softmax", T0).apply("reset", at(1), LIMIT)


# The store


def test_events_in_the_store(store: Store) -> None:
    uid = store.local_user().id
    assert store.clock_event(uid, "softmax", "pause") is None  # nothing to pause: none made
    assert store.clock(uid, "softmax") is None
    started = store.clock_event(uid, "softmax", "activity", now=T0)  # the first edit starts it
    assert started is not None and started.started_at == T0
    store.clock_event(uid, "softmax", "pause", now=at(30))
    clock = store.clock(uid, "softmax")
    assert clock is not None and clock.elapsed_s(at(3000), LIMIT) == 30
    store.clock_event(uid, "softmax", "resume", now=at(100))
    stopped = store.stop_clock(uid, "softmax", now=at(110))
    assert stopped is not None and stopped.banked_s == 40 and stopped.stopped_at == at(110)
    assert store.clock_event(uid, "softmax", "start", now=at(200)) == stopped
    assert store.stop_clock(uid, "attention") is None
    with pytest.raises(InvalidInput):
        store.clock_event(uid, "softmax", "explode")


def test_the_away_limit_comes_from_the_settings(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLDRILLS_CLOCK_AWAY_SECONDS", "5")
    uid = store.local_user().id
    store.clock_event(uid, "softmax", "start", now=T0)
    store.clock_event(uid, "softmax", "away", now=at(20))
    back = store.clock_event(uid, "softmax", "back", now=at(26))
    assert back is not None and back.paused_reason == "away" and back.banked_s == 20


# Migration 0010 keeps what the old clock knew


def test_migration_turns_presses_into_clocks(store: Store) -> None:
    uid = store.local_user().id
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0009")
    rows = [
        ("solved", at(0)),
        ("solved", at(100)),  # the press before the first pass times the solve
        ("solved", at(5000)),  # a press after the pass is not the time to solve
        ("open", at(50)),
        ("open", at(70)),
    ]
    with store.engine.begin() as conn:
        for slug, when in rows:
            conn.execute(
                text("INSERT INTO exercise_starts (user_id, slug, started_at) VALUES (:u, :s, :t)"),
                {"u": uid, "s": slug, "t": when.replace(tzinfo=None)},
            )
        conn.execute(
            text(
                "INSERT INTO attempts (user_id, slug, kind, code, status, result, "
                "passed_checks, total_checks, judge_ms, created_at) VALUES "
                "(:u, 'solved', 'submit', '', 'pass', '{}', 1, 1, 1.0, :t)"
            ),
            {"u": uid, "t": at(400).replace(tzinfo=None)},
        )
    store.migrate()
    solved = store.clock(uid, "solved")
    assert solved is not None and solved.stopped_at == at(400) and solved.banked_s == 300
    assert solved.started_at == at(100) and solved.restarts == 2
    opened = store.clock(uid, "open")
    assert opened is not None and opened.running_since == at(70) and opened.stopped_at is None
    assert opened.elapsed_s(at(100), LIMIT) == 30
