"""Password hashing (argon2id) and the sign-in rate limiter."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mldrills.errors import InvalidInput
from mldrills.web.errors import TooManyRequests

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
MAX_TRACKED = 10_000  # keys kept by the limiter before old ones are dropped
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a real password, used to spend equal time on unknown users")


def check_new_password(password: str, confirm: str | None = None) -> None:
    """Refuse passwords that are too short or long, or do not match their confirmation."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"the password must have at most {MAX_PASSWORD} characters")
    if confirm is not None and confirm != password:
        raise InvalidInput("the two passwords differ")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``; costs the same time when there is no hash."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)


class LoginLimiter:
    """Counts failed sign-ins per key in a sliding window.

    The keys are an address with a username (``pair``) and the address alone (``ip``),
    never a username alone: anyone could otherwise lock an account by failing to sign in
    to it, while its owner, from their own address, is only slowed by their own failures.
    """

    def __init__(
        self,
        limits: dict[str, int] | None = None,
        window_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits or {"pair": 5, "ip": 20}
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def check(self, **keys: str) -> None:
        """Raise TooManyRequests when any key has used up its failures."""
        now = self.clock()
        with self._lock:
            for kind, value in keys.items():
                times = self._recent((kind, value), now)
                if len(times) >= self.limits[kind]:
                    wait = int(times[0] + self.window_s - now) + 1
                    raise TooManyRequests(
                        "too many failed sign-ins; wait a few minutes and try again",
                        retry_after=wait,
                    )

    def failed(self, **keys: str) -> None:
        """Count one failure against every key."""
        now = self.clock()
        with self._lock:
            if len(self._failures) > MAX_TRACKED:
                self._forget_old(now)
            for kind, value in keys.items():
                self._recent((kind, value), now).append(now)

    def _forget_old(self, now: float) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]

    def succeeded(self, **keys: str) -> None:
        """Forget the failures of these keys."""
        with self._lock:
            for kind, value in keys.items():
                self._failures.pop((kind, value), None)
