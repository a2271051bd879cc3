"""``create_app``: the FastAPI application, wired to a store, a catalog and a judge."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2_fragments.fastapi import Jinja2Blocks

from mldrills import __version__, settings
from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.store import Store
from mldrills.web import handlers
from mldrills.web.grader import Grader
from mldrills.web.middleware import (
    LOOPBACK_HOSTS,
    BodyLimitMiddleware,
    HostCheckMiddleware,
    SecurityHeadersMiddleware,
)
from mldrills.web.sessions import SessionMiddleware, csrf_guard, secret_key
from mldrills.web.state import HERE, AppState, WebConfig
from mldrills.web.templating import configure
from mldrills.web.views import (
    account,
    admin,
    attempts,
    clock,
    console,
    dashboard,
    design,
    drills,
    exercises,
    guides,
    hints,
    mocks,
    ops,
    pages,
    prefs,
    review,
    stories,
    submissions,
)

BODY_LIMIT = 2 * Judge.MAX_CODE_BYTES + 64_000  # JSON-escaped code may double in size
DESCRIPTION = (
    "Every page of mldrills also answers as JSON here. State-changing calls need the "
    "`X-CSRF-Token` header from `GET /api/me`; on a multi-user server, sign in with "
    "`POST /api/login` first. Errors are `{error, message, hint?}` with a 4xx/5xx status."
)


def default_config(multi_user: bool, data_dir: Path | None = None) -> WebConfig:
    """The web settings read from the environment (see ``mldrills.settings``)."""
    return WebConfig(
        multi_user=multi_user,
        secret_key=secret_key(data_dir or settings.data_dir()),
        cookie_secure=settings.get_choice("cookie_secure", ("auto", "true", "false")),
        session_days=settings.get_int("session_days", minimum=1),
        queue_limit=settings.get_int("web_queue", minimum=1),
        allowed_hosts=LOOPBACK_HOSTS + settings.get_list("allowed_hosts"),
    )


def _lifespan(state: AppState) -> Any:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.grader.start()  # the embedded worker, which also picks up what a restart left
        yield
        state.grader.shutdown()
        for owned in state.owns:
            owned.close()  # type: ignore[attr-defined]

    return lifespan


def create_app(
    *,
    store: Store | None = None,
    catalog: Catalog | None = None,
    judge: Judge | None = None,
    multi_user: bool = False,
    config: WebConfig | None = None,
) -> FastAPI:
    """The web app. Missing parts are made from the settings (and closed on shutdown)."""
    owns: list[object] = []
    if store is None:
        store = Store()
        store.migrate()
        owns.append(store)
    catalog = catalog if catalog is not None else Catalog()
    if judge is None:
        judge = Judge(catalog, preload_torch=any(m.needs_torch for m in _metas(catalog)))
        owns.append(judge)
    config = config or default_config(multi_user)
    workers = settings.get_int("serve_workers", minimum=-1)  # -1: one per judge slot
    workers = judge.slots if workers < 0 else workers
    grader = Grader(judge, store, workers=workers, queue_limit=config.queue_limit)
    state = AppState(
        store=store,
        catalog=catalog,
        judge=judge,
        grader=grader,
        config=config,
        templates=configure(Jinja2Blocks(directory=str(HERE / "templates"))),
        local_user=None if config.multi_user else store.local_user(),
        owns=owns,
    )
    return _build(state)


def _metas(catalog: Catalog) -> list[Any]:
    from mldrills.web.views.data import metas

    return metas(catalog)


def _build(state: AppState) -> FastAPI:
    app = FastAPI(
        title="mldrills",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /docs is our own page
        redoc_url=None,
        lifespan=_lifespan(state),
        dependencies=[Depends(csrf_guard)],
    )
    app.state.mldrills = state
    handlers.install(app)
    routers = (
        dashboard, exercises, clock, submissions, attempts, account, admin, review, guides, drills,
        design, stories, mocks, hints, prefs, ops, console, pages,
    )  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    max_age = state.config.session_days * 86400
    secure = state.config.cookie_secure
    app.add_middleware(
        SessionMiddleware, secret=state.config.secret_key, max_age=max_age, secure=secure
    )
    app.add_middleware(BodyLimitMiddleware, limit=BODY_LIMIT)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HostCheckMiddleware, allowed=state.config.allowed_hosts)
    return app
