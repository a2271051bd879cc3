"""Run an exercise's checks against a submission and turn what happens into a Result."""

from __future__ import annotations

import secrets
import time
import traceback
from typing import Any, Protocol

from mldrills import settings
from mldrills.checks.core import Check, CheckFailed, Suite, Trial
from mldrills.errors import MldrillsError, PackError
from mldrills.grading import progress
from mldrills.grading.diagnosis import diagnose_exercise
from mldrills.grading.progress import OnProgress, Progress
from mldrills.grading.results import CheckResult, Result, Status, cap
from mldrills.grading.source import source_checks, used_at_run_time
from mldrills.grading.speed import Call, RecordingSession, measure
from mldrills.judge.cancel import CANCELLED, Cancel
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
    cancel: Cancel | None = None,
    on_progress: OnProgress | None = None,
) -> Result:
    """Grade ``code``: load it in a child, run every check, decide the verdict here.

    Hidden checks draw their random inputs from ``seed`` (a fresh one when None), which
    the result keeps so the verdict can be reproduced. They show neither their inputs
    nor what the code printed, unless ``reveal`` (for pack authors, never learners).
    Code that does not parse never reaches a child; ``cancel`` stops a running grade.
    ``on_progress`` (else the listener of ``progress.reporting``) hears which check
    starts, before each one; a hidden check's name is left out unless ``reveal``.
    """
    t0 = time.perf_counter()
    seed = new_seed() if seed is None else seed
    checks = exercise_checks(exercise, hidden)
    result = Result(
        exercise.slug,
        "pass",
        hidden=hidden,
        isolation={k: bool(v["active"]) for k, v in server.layers.items()},
        seed=seed if hidden else None,
    )
    verdict = source_checks(exercise, code)
    result.checks.extend(verdict.checks)
    spawn_ms = 0.0
    if verdict.error:
        result.status, result.message = "error", verdict.error
    else:
        run = _Run(server, exercise, code, seed, reveal, cancel or Cancel())
        run.timed = hidden and not reveal
        run.on_progress = on_progress or progress.current()
        spawn_ms = run.all(checks, result)
        if run.used:
            used_at_run_time(exercise, result, run.used)
    if result.status != "error" and any(c.status != "pass" for c in result.checks):
        result.status = "fail"
        result.diagnosis = diagnose_exercise(exercise, result)
    result.timings = {
        "total_ms": round((time.perf_counter() - t0) * 1000, 3),
        "spawn_ms": round(spawn_ms, 3),
    }
    return result


class _Run:
    """One submission's checks in order, in as few children as its deaths allow."""

    def __init__(
        self, server: Spawner, exercise: Any, code: str, seed: int, reveal: bool, cancel: Cancel
    ) -> None:
        self.server, self.exercise, self.code = server, exercise, code
        self.seed, self.reveal, self.cancel = seed, reveal, cancel
        self.limits = exercise.meta.limits
        bound = settings.get_int("judge_submission_seconds", minimum=1)
        self.seconds = min(float(self.limits.total_seconds), float(bound))
        self.deadline = time.monotonic() + self.seconds
        self.excused = 0.0  # run-queue waits of the children, added to the deadline
        self.stopped = ""  # why the remaining checks are not run ('' while they are)
        self.used: list[str] = []  # forbidden names the children's guards saw used
        self.calls: list[Call] = []  # what the visible checks called, for the timing step
        # Timed only on an accepted submission: the reference shares the child then, and
        # a solve reveals the reference anyway, so nothing it could learn is a secret.
        self.timed = False
        self.on_progress: OnProgress | None = None

    def _report(self, done: int, total: int, check: Check) -> None:
        if self.on_progress is None:
            return
        concealed = check.hidden and not self.reveal
        name = None if concealed else check.name
        try:
            self.on_progress(Progress(done, total, name, check.hidden))
        except Exception:  # whoever listens must never break a grade
            self.on_progress = None

    def all(self, checks: list[Check], result: Result) -> float:
        """Run ``checks`` into ``result``; return the milliseconds spent starting children."""
        channel: Channel | None = None
        spawn_ms = 0.0
        before = len(result.checks)  # the source checks, already decided
        total = before + len(checks)
        try:
            for i, check in enumerate(checks):
                self._stop_reason()
                if self.stopped:
                    result.checks.append(
                        CheckResult(check.name, "fail", self.stopped, hidden=check.hidden)
                    )
                    continue
                self._report(before + i, total, check)
                if channel is None:
                    ts = time.perf_counter()
                    channel = self._start(result)
                    spawn_ms += (time.perf_counter() - ts) * 1000
                    if channel is None:
                        break
                excused = channel.excused
                cr = self._check(channel, check)
                self.excused += channel.excused - excused
                result.checks.append(cr)
                self.used += [u for u in channel.forbidden if u not in self.used]
                channel.forbidden.clear()
                if cr.timed_out:
                    self.stopped = f"not run: the submission ended when {check.name!r} timed out"
                if not channel.alive:
                    self.cancel.attach(None)
                    self.server.finish(channel)
                    channel = None
            if channel is not None and self.timed and self._passed(result):
                result.speed = measure(channel, self.exercise, self.calls)
        finally:
            self.cancel.attach(None)
            if channel is not None:
                self.server.finish(channel)
        if self.cancel.requested:
            result.status, result.message = "error", CANCELLED
        return spawn_ms

    def _passed(self, result: Result) -> bool:
        checks = result.checks
        return (
            bool(checks) and not self.cancel.requested and all(c.status == "pass" for c in checks)
        )

    def _stop_reason(self) -> None:
        if self.cancel.requested:
            self.stopped = "not run: " + CANCELLED
        elif not self.stopped and time.monotonic() > self.deadline + self.excused:
            self.stopped = (
                f"not run: the submission used up its total time budget ({self.seconds:g} s)"
            )

    def _start(self, result: Result) -> Channel | None:
        cpu = int(self.seconds) + 2
        channel = self.server.spawn(cpu, self.limits.memory_mb)
        self.cancel.attach(channel)
        try:
            _load(self.server, channel, self.exercise, self.code, self.limits.check_seconds)
        except _LoadFailed as exc:
            result.status, result.message = "error", str(exc)
            result.output = cap(channel.take_output())
            self.used += channel.forbidden
            self.cancel.attach(None)
            self.server.finish(channel)
            return None
        return channel

    def _check(self, channel: Channel, check: Check) -> CheckResult:
        deadline = min(
            time.monotonic() + _seconds(check, self.limits), self.deadline + self.excused
        )
        names = tuple(self.exercise.meta.entrypoints)
        session = (
            Session(channel, deadline)
            if check.hidden
            else RecordingSession(channel, deadline, names, self.calls)
        )
        return _run_check(
            self.server,
            channel,
            check,
            self.exercise.reference,
            self.exercise.slug,
            session,
            self.seed,
            self.reveal,
        )


HIDDEN_FAILURE = (
    "wrong on this hidden check's inputs (hidden checks show neither their inputs "
    "nor what your code printed)"
)


def _raised(exc: SubmissionError) -> str:
    """What a hidden check may say about an exception: its kind and where, not its text."""
    if exc.kind in ("missing", "memory", "output", "wire", "probe"):  # the judge's words
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
        request: dict[str, Any] = {"op": "load", "source": code, "limits": channel.limits}
        forbid = exercise.meta.forbid
        if forbid:  # the child's guard reports what the source scan could not see
            request["forbid"] = {"modules": list(forbid.modules), "names": list(forbid.names)}
        names = session.send(request)
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
    session: Session,
    seed: int,
    reveal: bool,
) -> CheckResult:
    start = time.perf_counter()
    trial = Trial(session, reference, slug, check, seed)
    conceal = check.hidden and not reveal
    status: Status = "pass"
    message, hint, timed_out = "", None, False
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
        status, timed_out = "fail", True
        message = (
            f"timed out in {check.name!r} after {time.perf_counter() - start:.1f} s: "
            "an infinite loop, a long sleep, or a solution too slow for this input "
            "(the first timeout ends the submission)"
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
        timed_out,
    )
