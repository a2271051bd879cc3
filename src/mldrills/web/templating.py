"""Jinja filters and globals: dates, durations, static URLs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from jinja2_fragments.fastapi import Jinja2Blocks

from mldrills import __version__


def when(value: datetime | None) -> str:
    """A short UTC timestamp: ``2025-01-03 14:05``."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago: ``just now``, ``5 min ago``, ``3 h ago``, ``2 days ago``."""
    if value is None:
        return ""
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days > 1 else ''} ago"


def duration(seconds: float | None) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` above; empty for None."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def millis(value: float | None) -> str:
    """``12 ms`` or ``3.4 s``."""
    if value is None:
        return ""
    return f"{value:.0f} ms" if value < 1000 else f"{value / 1000:.1f} s"


def static(path: str) -> str:
    """URL of a static file, versioned so browsers refetch it after an upgrade."""
    return f"/static/{path}?v={__version__}"


def configure(templates: Jinja2Blocks) -> Jinja2Blocks:
    """Install the filters and globals on ``templates``."""
    env: Any = templates.env
    env.filters.update(when=when, ago=ago, duration=duration, millis=millis)
    env.globals.update(static=static, version=__version__)
    env.trim_blocks = True
    env.lstrip_blocks = True
    return templates
