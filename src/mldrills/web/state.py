"""What every request handler reaches: the store, catalog, judge, grader and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from jinja2_fragments.fastapi import Jinja2Blocks

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.store import Store, UserRecord
from mldrills.web.grader import Grader
from mldrills.web.middleware import LOOPBACK_HOSTS
from mldrills.web.passwords import LoginLimiter

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class WebConfig:
    """How this app instance runs."""

    multi_user: bool
    secret_key: str
    cookie_secure: str = "auto"
    session_days: int = 14
    queue_limit: int = 32
    # Host names the app answers to; anything else is refused (DNS rebinding).
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS


@dataclass
class AppState:
    """The app's shared objects, kept on ``app.state.mldrills``."""

    store: Store
    catalog: Catalog
    judge: Judge
    grader: Grader
    config: WebConfig
    templates: Jinja2Blocks
    local_user: UserRecord | None
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    owns: list[object] = field(default_factory=list)  # closed on shutdown


def get_state(request: Request) -> AppState:
    """The AppState of the app serving ``request``."""
    state: AppState = request.app.state.mldrills
    return state
