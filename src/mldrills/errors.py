"""The one error hierarchy of mldrills; the CLI and web turn it into messages and codes."""

from __future__ import annotations


class MldrillsError(Exception):
    """Base of every error a user can cause or needs to act on.

    ``str(err)`` is one line meant for the person reading it; ``exit_code`` is what the
    CLI exits with and ``http_status`` what the web answers with.
    """

    exit_code = 1
    http_status = 400
    title = "Error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def to_dict(self) -> dict[str, str]:
        out = {"error": self.title, "message": self.message}
        if self.hint:
            out["hint"] = self.hint
        return out


class NotFound(MldrillsError):
    """Something named by the user does not exist (exercise, attempt, file)."""

    exit_code = 2
    http_status = 404
    title = "Not found"


class InvalidInput(MldrillsError):
    """The user's input is malformed or outside a stated limit."""

    exit_code = 2
    http_status = 422
    title = "Invalid input"


class TooLarge(InvalidInput):
    """The user's input is over a stated size limit."""

    http_status = 413
    title = "Too large"


class PackError(MldrillsError):
    """An exercise pack on disk is broken (bad metadata, missing file, bad checks)."""

    exit_code = 3
    http_status = 500
    title = "Broken exercise pack"


class ConfigError(MldrillsError):
    """A setting has a value that cannot work."""

    exit_code = 3
    http_status = 500
    title = "Configuration error"


class StoreError(MldrillsError):
    """The database could not be reached or migrated."""

    exit_code = 4
    http_status = 503
    title = "Storage error"


class JudgeUnavailable(MldrillsError):
    """The judge cannot start, or cannot start with the isolation that was required."""

    exit_code = 5
    http_status = 503
    title = "Judge unavailable"


class Forbidden(MldrillsError):
    """The user may not do this (another user's data, disabled account)."""

    exit_code = 6
    http_status = 403
    title = "Forbidden"


class GraderUnavailable(MldrillsError):
    """The free-text grader cannot run: its model files are missing or broken, or the
    configured LLM judge failed or answered something unusable."""

    exit_code = 5
    http_status = 503
    title = "Grader unavailable"


class QueueUnavailable(MldrillsError):
    """The grading queue (its SQLite file or Redis) cannot be reached."""

    exit_code = 4
    http_status = 503
    title = "Queue unavailable"


class QuotaExceeded(MldrillsError):
    """A user's stored submissions would pass their storage quota."""

    exit_code = 2
    http_status = 413
    title = "Storage quota exceeded"
