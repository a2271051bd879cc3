"""The judge's sandbox: a trusted supervisor running untrusted code in pre-forked children.

Only process plumbing lives here (fork server, sandbox layers, channel, wire format);
what a verdict is and how it is decided lives in ``mldrills.grading``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mldrills.judge.supervisor import Supervisor


def __getattr__(name: str) -> Any:
    # Supervisor pulls in numpy; the CLI's client of a warm judge must stay fast to
    # start, so it is imported when first asked for.
    if name == "Supervisor":
        from mldrills.judge.supervisor import Supervisor

        return Supervisor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Supervisor"]
