"""Small pieces: the sign-in limiter, passwords, template filters, dashboard maths."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mldrills.errors import InvalidInput
from mldrills.web import passwords, progress, templating
from mldrills.web.errors import TooManyRequests
from mldrills.web.passwords import LoginLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_blocks_then_forgets() -> None:
    clock = Clock()
    limiter = LoginLimiter({"user": 2, "ip": 3}, window_s=60, clock=clock)
    limiter.failed(user="ada", ip="1.2.3.4")
    limiter.check(user="ada", ip="1.2.3.4")
    limiter.failed(user="ada", ip="1.2.3.4")
    with pytest.raises(TooManyRequests) as err:
        limiter.check(user="ada", ip="5.6.7.8")
    assert 0 < err.value.retry_after <= 61
    limiter.check(user="bob", ip="1.2.3.4")
    limiter.failed(user="bob", ip="1.2.3.4")
    with pytest.raises(TooManyRequests):
        limiter.check(user="carol", ip="1.2.3.4")
    clock.now += 61
    limiter.check(user="ada", ip="1.2.3.4")


def test_limiter_success_resets_the_user() -> None:
    limiter = LoginLimiter({"user": 1, "ip": 10})
    limiter.failed(user="ada", ip="x")
    limiter.succeeded(user="ada")
    limiter.check(user="ada", ip="x")


def test_passwords() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "wrong")
    assert not passwords.verify_password(None, "anything")
    assert not passwords.verify_password("not-a-hash", "anything")
    with pytest.raises(InvalidInput, match="at least"):
        passwords.check_new_password("short")
    with pytest.raises(InvalidInput, match="differ"):
        passwords.check_new_password("long enough pw", "other")


@pytest.mark.parametrize(
    ("seconds", "text"), [(None, ""), (0, "0:00"), (65.4, "1:05"), (3725, "1:02:05")]
)
def test_duration(seconds: float | None, text: str) -> None:
    assert templating.duration(seconds) == text


def test_ago_and_millis() -> None:
    now = datetime(2025, 1, 10, 12, tzinfo=UTC)
    assert templating.ago(now - timedelta(seconds=5), now) == "just now"
    assert templating.ago(now - timedelta(minutes=5), now) == "5 min ago"
    assert templating.ago(now - timedelta(days=2), now) == "2 days ago"
    assert templating.millis(12.4) == "12 ms" and templating.millis(3400) == "3.4 s"


def test_streak() -> None:
    today = date(2025, 1, 10)
    days = [date(2025, 1, d) for d in (1, 2, 3, 8, 9)]
    assert progress.streak(days, today) == {"current": 2, "best": 3, "today": False}
    assert progress.streak([*days, today], today)["current"] == 3
    assert progress.streak([date(2025, 1, 1)], today)["current"] == 0
    assert progress.streak([], today) == {"current": 0, "best": 0, "today": False}
