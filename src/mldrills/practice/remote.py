"""Grading from the CLI: through the warm judge, or with a judge of this command only.

Both give a ``Graded``, so the CLI presents them the same way. The warm path imports
neither numpy nor the store: the daemon grades and records, this process only asks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from mldrills import settings
from mldrills.content import Exercise
from mldrills.errors import MldrillsError
from mldrills.grading.results import Result
from mldrills.judge.client import WarmJudge, connect
from mldrills.judge.daemon import Endpoint, folder_digest

DAEMON_ENTRY = "mldrills.practice.service"


@dataclass
class Graded:
    """A verdict, the attempt it was recorded as, and which judge gave it."""

    result: Result
    attempt_id: int
    missing: list[str] = field(default_factory=list)  # isolation layers the judge lacks
    judge: dict[str, Any] = field(default_factory=dict)  # kind ("daemon"/"serve"/"command"), pid


def use_warm_judge(no_daemon: bool) -> bool:
    """Whether to grade through the warm judge (``--no-daemon`` and the setting say no)."""
    return not no_daemon and settings.get_choice("judge_daemon", ("on", "off")) == "on"


def warm_judge_status() -> str:
    """One line for ``mldrills doctor``: whether a warm judge runs, and which."""
    if not use_warm_judge(False):
        return "off (MLDRILLS_JUDGE_DAEMON=off)"
    try:
        endpoint = Endpoint.current()
        got = connect(endpoint)
    except MldrillsError as exc:
        return f"unusable: {exc.message}"
    if got is None:
        return f"not running; `test` or `submit` starts one at {endpoint.socket}"
    sock, hello = got
    sock.close()
    return f"{hello.get('kind')} pid {hello.get('pid')} at {endpoint.socket}"


def grade_warm(exercise: Exercise, code: str, *, submit: bool) -> Graded:
    """Grade and record ``code`` through this user's warm judge, starting it if needed."""
    request = {
        "op": "grade",
        "slug": exercise.slug,
        "code": code,
        "submit": submit,
        "digest": folder_digest(exercise.path),
        "packs_dir": settings.get("packs_dir"),
        "require_isolation": settings.get("isolation").strip().lower() == "required",
    }
    reply, hello = WarmJudge(DAEMON_ENTRY).call(request, need_torch=exercise.meta.needs_torch)
    return Graded(
        Result.from_dict(reply["result"]),
        int(reply["attempt_id"]),
        [str(m) for m in reply.get("missing", [])],
        {"kind": hello.get("kind"), "pid": hello.get("pid")},
    )


def grade_here(catalog: Any, exercise: Exercise, code: str, *, submit: bool) -> Graded:
    """Grade with a judge started for this command alone, and record the attempt."""
    from mldrills.grading import Judge
    from mldrills.practice.submissions import submit as submit_code
    from mldrills.store import Store

    store = Store()
    store.migrate()
    try:
        with Judge(catalog, preload_torch=exercise.meta.needs_torch) as judge:
            missing = judge.missing_layers()
            done = submit_code(store, judge, store.local_user().id, exercise, code, hidden=submit)
    finally:
        store.close()
    assert done.result is not None and done.submission.attempt_id is not None
    judged = {"kind": "command", "pid": os.getpid()}
    return Graded(done.result, done.submission.attempt_id, missing, judged)
