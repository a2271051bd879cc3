"""Run an exercise's checks against a submission and turn what happens into a Result."""

from __future__ import annotations

import secrets
import time
import traceback
from typing import Any, Protocol

from mldrills.checks.core import Check, CheckFailed, Suite, Trial
from mldrills.errors import MldrillsError, PackError
from mldrills.grading.results import CheckResult, Result, Status, cap
from mldrills.judge.channel import Channel, ChildDied, ChildTimeout, Session, SubmissionError
from mldrills.judge.supervisor import describe_death


class Spawner(Protocol):
    """What grading needs from a fork server (the real one, or the in-process floor)."""

    layers: dict[str, dict[str, Any]]

    def spawn(self, cpu_seconds: int, memory_mb: int) -> Channel:
        """Start a child ready to load a submission."""
        ...

    def finish(self, channel: Channel) -> dict[str, Any]:
        """Stop the child; say how it ended."""
        ...


class _LoadFailed(Exception):
    pass


def exercise_checks(exercise: Any, hidden: bool) -> list[Check]:
    """The checks to run: the visible ones, then the hidden ones when ``hidden``."""
    out: list[Check] = []
    for module in exercise.check_modules(hidden):
        name = module.__name__.rsplit(".", 1)[-1]
        suite = getattr(module, "suite", None)
        if not isinstance(suite, Suite):
            raise PackError(f"{exercise.slug}: {name}.py must define `suite = Suite()`")
        for c in suite.checks:
            c.hidden = name == "hidden"
        out.extend(suite.checks)
    return out


def new_seed() -> int:
    """A fresh seed for one submission's hidden random inputs."""
    return secrets.randbits(48)


def grade_exercise(
    server: Spawner,
    exercise: Any,
    code: str,
    *,
    hidden: bool,
    seed: int | None = None,
    reveal: bool = False,
) -> Result:
    """Grade ``code``: load it in a child, run every check, decide the verdict here.

    Hidden checks draw their random inputs from ``seed`` (a fresh one when None), which
    the result keeps so the verdict can be reproduced. They show neither their inputs
    nor what the code printed, unless ``reveal`` (for pack authors, never learners).
    """
    t0 = time.perf_counter()
    seed = new_seed() if seed is None else seed
    limits = exercise.meta.limits
    checks = exercise_checks(exercise, hidden)
    reference = exercise.reference
    result = Result(
        exercise.slug,
        "pass",
        hidden=hidden,
        isolation={k: bool(v["active"]) for k, v in server.layers.items()},
        seed=seed if hidden else None,
    )
    total_deadline = time.monotonic() + limits.total_seconds
    cpu = int(limits.total_seconds) + 2
    channel: Channel | None = None
    spawn_ms = 0.0
    try:
        for check in checks:
            if channel is None:
                ts = time.perf_counter()
                channel = server.spawn(cpu, limits.memory_mb)
                spawn_ms += (time.perf_counter() - ts) * 1000
                try:
                    _load(server, channel, exercise, code, limits.check_seconds)
                except _LoadFailed as exc:
                    result.status, result.message = "error", str(exc)
                    result.output = cap(channel.take_output())
                    break
            if time.monotonic() > total_deadline:
                result.checks.append(
                    CheckResult(
                        check.name,
                        "fail",
                        "not run: the submission used up its total time budget",
                        hidden=check.hidden,
                    )
                )
                continue
            cr = _run_check(
                server,
                channel,
                check,
                reference,
                exercise.slug,
                min(time.monotonic() + _seconds(check, limits), total_deadline),
                seed,
                reveal,
            )
            result.checks.append(cr)
            if not channel.alive:
                server.finish(channel)
                channel = None
    finally:
        if channel is not None:
            server.finish(channel)
    if result.status != "error" and any(c.status != "pass" for c in result.checks):
        result.status = "fail"
    result.timings = {
        "total_ms": round((time.perf_counter() - t0) * 1000, 3),
        "spawn_ms": round(spawn_ms, 3),
    }
    return result


HIDDEN_FAILURE = (
    "wrong on this hidden check's inputs (hidden checks show neither their inputs "
    "nor what your code printed)"
)


def _raised(exc: SubmissionError) -> str:
    """What a hidden check may say about an exception: its kind and where, not its text."""
    if exc.kind in ("missing", "memory", "output"):
        return exc.describe()
    head = f"your code raised {exc.type} on this hidden check's inputs"
    if exc.kind == "exit":
        head = "your code called sys.exit() (or raised SystemExit) on this hidden check's inputs"
    return "\n".join([head] + [f"  line {n}, in {fn}" for n, fn, _ in exc.where[-3:]])


def _seconds(check: Check, limits: Any) -> float:
    return float(check.seconds or limits.check_seconds)


def _load(server: Spawner, channel: Channel, exercise: Any, code: str, seconds: float) -> None:
    session = Session(channel, time.monotonic() + seconds)
    try:
        names = session.send({"op": "load", "source": code, "limits": channel.limits})
    except SubmissionError as exc:
        if exc.type == "SyntaxError":
            raise _LoadFailed(f"your code does not parse: {exc.message}") from None
        raise _LoadFailed(
            "your code failed while being imported (top-level code runs on "
            "load):\n" + exc.describe()
        ) from None
    except ChildTimeout:
        raise _LoadFailed(
            f"importing your code took more than {seconds:g} s (top-level "
            "code runs on load: an infinite loop or a long sleep?)"
        ) from None
    except ChildDied:
        raise _LoadFailed(
            "your code ended the process while being imported: "
            + describe_death(server.finish(channel))
        ) from None
    missing = [n for n in exercise.meta.entrypoints if n not in (names or [])]
    if missing:
        defined = ", ".join(names or []) or "nothing"
        raise _LoadFailed(
            f"solution.py does not define {', '.join(f'`{m}`' for m in missing)} "
            f"(it defines: {defined[:300]})"
        )


def _run_check(
    server: Spawner,
    channel: Channel,
    check: Check,
    reference: Any,
    slug: str,
    deadline: float,
    seed: int,
    reveal: bool,
) -> CheckResult:
    start = time.perf_counter()
    trial = Trial(Session(channel, deadline), reference, slug, check, seed)
    conceal = check.hidden and not reveal
    status: Status = "pass"
    message, hint = "", None
    try:
        check.fn(trial)
    except CheckFailed as exc:
        status, message, hint = "fail", exc.message, exc.hint or check.hint
        if conceal and exc.quotes_inputs:  # the message may quote the hidden inputs
            message = HIDDEN_FAILURE
    except SubmissionError as exc:
        status, message, hint = "fail", exc.describe(), check.hint
        if conceal:  # the exception's text is the submission's: it could print inputs
            message = _raised(exc)
    except ChildTimeout:
        status = "fail"
        message = (
            f"timed out after {time.perf_counter() - start:.1f} s (limit for this check): "
            "an infinite loop, a long sleep, or a solution too slow for this input"
        )
        server.finish(channel)
    except ChildDied:
        status = "fail"
        message = describe_death(server.finish(channel)) + " during this check"
    except MldrillsError:
        raise
    except Exception as exc:  # a bug in the check itself, not in the submission
        status = "error"
        message = f"internal error in this check ({type(exc).__name__}: {exc}); please report it"
        tb = traceback.format_exc(limit=-3)
        hint = tb[-1500:]
    output = channel.take_output()  # taken either way, so it never reaches the next check
    return CheckResult(
        check.name,
        status,
        message,
        hint,
        "" if conceal else cap(output),
        round((time.perf_counter() - start) * 1000, 3),
        check.hidden,
    )
