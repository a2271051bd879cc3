"""The learner's workspace: where starters are copied and solutions read from.

Kept apart from attempts.py (which needs the store and the judge) so the CLI can read a
solution and hand it to a warm judge without importing either.
"""

from __future__ import annotations

from pathlib import Path

from mldrills import settings
from mldrills.errors import InvalidInput, NotFound
from mldrills.grading.results import MAX_CODE_BYTES

__all__ = ["MAX_CODE_BYTES", "read_solution", "workspace_file"]


def workspace_file(slug: str) -> Path:
    """Where ``mldrills start`` puts the learner's copy of the starter."""
    return Path(settings.get("workspace_dir")) / slug / "solution.py"


def read_solution(slug: str, file: Path | None) -> str:
    """Read the code to grade: ``file`` if given, else the workspace copy."""
    path = file or workspace_file(slug)
    if not path.exists():
        if file is None:
            raise NotFound(
                f"no workspace file for {slug!r}",
                hint=f"run `mldrills start {slug}` or pass --file PATH",
            )
        raise NotFound(f"file not found: {path}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a Python file")
    data = path.read_bytes()
    if len(data) > MAX_CODE_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_CODE_BYTES // 1000} KB")
    try:
        code = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text") from None
    if not code.strip():
        raise InvalidInput(f"{path} is empty", hint="write your solution in it first")
    return code
