"""Log setup for the long-running processes (``mldrills serve``, ``mldrills worker``).

``MLDRILLS_LOG_FORMAT=json`` writes one JSON object per line (for a log shipper);
``text`` (the default) writes readable lines. Code that handles one submission wraps
its work in ``log_context(submission_id=..., user_id=..., slug=...)``, and every record
logged inside, by any module, carries those fields in both formats.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

from mldrills import settings

FORMATS = ("text", "json")
# Fields a caller may attach with log_context() or ``extra=``; shown in this order.
FIELDS = ("submission_id", "user_id", "slug", "worker", "state", "status", "duration_ms")
_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "mldrills_log_context", default=None
)
_HANDLER_MARK = "_mldrills_handler"


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Attach ``fields`` to every record logged inside the block (this thread or task)."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The context fields of ``record``: log_context() first, then ``extra=`` values."""
    found = dict(getattr(record, "mldrills_context", {}))
    for name in FIELDS:
        if name in record.__dict__:
            found[name] = record.__dict__[name]
    return {name: found[name] for name in FIELDS if found.get(name) is not None}


class ContextFilter(logging.Filter):
    """Copies the current log_context() onto each record as it is made."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.mldrills_context = _context.get() or {}
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, context, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """``time level logger: message [key=value ...]``, the exception below it."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        if not extra:
            return line
        first, sep, rest = line.partition("\n")
        return f"{first} [{extra}]{sep}{rest}"


def log_format() -> str:
    """The configured format, ``text`` or ``json`` (a bad value is a ConfigError)."""
    return settings.get_choice("log_format", FORMATS)


def configure(level: int = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Send mldrills' logs to ``stream`` (stderr) in the configured format; idempotent.

    Only the ``mldrills`` logger tree is configured, so a host application's own logging
    setup is left alone. Returns the handler (tests read what it writes).
    """
    logger = logging.getLogger("mldrills")
    for old in [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(JsonFormatter() if log_format() == "json" else TextFormatter())
    handler.addFilter(ContextFilter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return handler
