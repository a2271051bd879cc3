"""Health checks shared by ``mldrills doctor`` and the web app's ``/readyz``.

Each check returns a ``Check``: a name, whether it passed, one line of detail, and
whether a failure should fail the whole report (``required``) or only warn.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from mldrills.content import Catalog
from mldrills.errors import MldrillsError
from mldrills.grading.diagnosis import pack_hash

if TYPE_CHECKING:
    from mldrills.jobs import JobQueue
    from mldrills.store import Store

# The database checks import SQLAlchemy and Alembic when they run: this module is
# imported by every CLI command (through `doctor`), and those imports cost 0.3-1 s.


@dataclass(frozen=True)
class Check:
    """The outcome of one check."""

    name: str
    ok: bool
    detail: str
    required: bool = True

    @property
    def state(self) -> str:
        """``ok``, ``warn`` (failed but optional) or ``fail``."""
        return "ok" if self.ok else ("fail" if self.required else "warn")

    def to_dict(self) -> dict[str, Any]:
        """The check as JSON-ready data, with its state."""
        return {**asdict(self), "state": self.state}


def failed(checks: list[Check]) -> list[Check]:
    """The required checks that did not pass."""
    return [c for c in checks if c.required and not c.ok]


def database(store: Store) -> Check:
    """The database answers, and its schema is one this mldrills knows.

    An empty or older schema only warns: every mldrills command migrates it on start. A
    revision this mldrills does not know means a newer mldrills wrote it, which fails.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from mldrills.store.db import alembic_config

    started = time.monotonic()
    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as exc:
        return Check("database", False, f"{store.url}: {str(exc).splitlines()[0]}")
    ms = (time.monotonic() - started) * 1000
    scripts = ScriptDirectory.from_config(alembic_config())
    head = set(scripts.get_heads())
    known = {rev.revision for rev in scripts.walk_revisions()}
    where = f"{store.url} ({ms:.0f} ms)"
    if current == head:
        return Check("database", True, f"{where}: schema at {', '.join(sorted(head))}")
    if current - known:
        return Check(
            "database",
            False,
            f"{where}: schema at {', '.join(sorted(current))}, unknown to this mldrills "
            "(written by a newer version? upgrade mldrills here)",
        )
    have = ", ".join(sorted(current)) if current else "no tables yet"
    return Check(
        "database",
        False,
        f"{where}: {have}, newest is {', '.join(sorted(head))}; the next mldrills command "
        "migrates it",
        required=False,
    )


def ping(store: Store) -> Check:
    """The database answers one query (cheap enough for every readiness probe)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return Check("database", False, f"{store.url}: {str(exc).splitlines()[0]}")
    return Check("database", True, store.url)


def packs_hash(catalog: Catalog) -> str:
    """One hash over every exercise's content hash: equal on machines with equal packs.

    The same value a worker reports in its heartbeat (``jobs.Worker.catalog_hash``), so
    doctor can name a worker whose packs differ from this machine's.
    """
    digest = hashlib.sha256()
    for slug in sorted(catalog.slugs):
        digest.update(f"{slug}={pack_hash(catalog.get(slug))};".encode())
    return digest.hexdigest()[:20]


def packs(catalog: Catalog) -> Check:
    """Every exercise folder loads; the detail names the packs folder and their hash."""
    exercises = catalog.all()
    if catalog.broken:
        names = ", ".join(sorted(catalog.broken))
        return Check("packs", False, f"{catalog.root}: broken exercises: {names} (mldrills check)")
    return Check(
        "packs",
        True,
        f"{catalog.root}: {len(exercises)} exercises, hash {packs_hash(catalog)}",
    )


def sandbox(layers: dict[str, dict[str, Any]], missing: list[str], isolation: str) -> Check:
    """The judge's isolation layers: all active, or what is missing and what that means."""
    active = sum(1 for layer in layers.values() if layer["active"])
    if not missing:
        return Check("sandbox", True, f"every required layer active ({active} of {len(layers)})")
    detail = f"missing: {', '.join(missing)}"
    if isolation == "required":
        return Check("sandbox", False, f"{detail}; MLDRILLS_ISOLATION=required refuses to grade")
    return Check(
        "sandbox",
        False,
        f"{detail}; fine for trusted single-user practice, a multi-user server refuses it",
        required=False,
    )


def guarded(name: str, run: Callable[[], Check]) -> Check:
    """``run()``, with any mldrills error reported as a failed check of ``name``."""
    try:
        return run()
    except MldrillsError as exc:
        return Check(name, False, exc.message)


def queue(grading_queue: JobQueue) -> Check:
    """The grading queue answers; the detail says where it is and how many jobs wait."""
    return guarded(
        "queue",
        lambda: Check(
            "queue", True, f"{grading_queue.shows}: {grading_queue.depth()} jobs waiting"
        ),
    )


def workers(store: Store, catalog: Catalog, *, needed: bool) -> Check:
    """Workers heard from recently, and whether their packs match this machine's.

    None seen fails only when ``needed`` (a server that grades nothing itself); on a
    practice machine the CLI grades by itself and the server's worker starts with it.
    """
    seen = store.workers()
    ours = packs_hash(catalog)
    if not seen:
        detail = "none seen in the last 30 s: web submissions wait until `mldrills serve` "
        detail += "(its embedded worker) or `mldrills worker` runs"
        return Check("workers", False, detail, required=needed)
    names = ", ".join(f"{w.host}:{w.pid} x{w.concurrency}" for w in seen)
    other = [w for w in seen if w.packs_hash != ours]
    if other:
        odd = ", ".join(f"{w.host}:{w.pid}" for w in other)
        return Check(
            "workers",
            False,
            f"{len(seen)} live ({names}); other packs than here on {odd}: they refuse "
            "these jobs (deploy the same packs everywhere)",
        )
    return Check("workers", True, f"{len(seen)} live ({names}), packs as here")
