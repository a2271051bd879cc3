"""``mldrills doctor``: is this machine ready to grade? Database, queue, workers, sandbox, packs."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mldrills import __version__, settings
from mldrills.errors import MldrillsError
from mldrills.ops import health

out = Console(highlight=False, soft_wrap=True)
STATE_STYLE = {"ok": "[green]ok[/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}
INFO_KEYS = ("version", "python", "torch", "packs_dir", "exercises", "database")
INFO_KEYS_2 = ("isolation_setting", "warm_judge")


def _store_checks(catalog: Any) -> list[health.Check]:
    """Database, queue and workers (the workers are read from the database)."""
    from mldrills.jobs import JobQueue
    from mldrills.store import Store

    checks: list[health.Check] = []
    try:
        store = Store()
    except MldrillsError as exc:
        return [health.Check("database", False, exc.message)]
    try:
        checks.append(health.database(store))
        try:
            grading_queue = JobQueue()
        except MldrillsError as exc:
            checks.append(health.Check("queue", False, exc.message))
        else:
            checks.append(health.queue(grading_queue))
            grading_queue.close()
        if checks[0].ok:  # the workers table exists once the schema is current
            needed = settings.get("serve_workers").strip() == "0"
            run = lambda: health.workers(store, catalog, needed=needed)  # noqa: E731
            checks.append(health.guarded("workers", run))
        else:
            unknown = "unknown until the database schema is current"
            checks.append(health.Check("workers", False, unknown, required=False))
    finally:
        store.close()
    return checks


def collect() -> tuple[dict[str, Any], list[health.Check]]:
    """Everything doctor reports: facts about the machine, and the checks."""
    from mldrills.content import Catalog
    from mldrills.grading import Judge
    from mldrills.judge.supervisor import torch_available
    from mldrills.practice.remote import warm_judge_status
    from mldrills.store.db import redact

    catalog = Catalog()
    checks = _store_checks(catalog)
    checks.append(health.guarded("packs", lambda: health.packs(catalog)))
    isolation = settings.get("isolation")
    with Judge(catalog, isolation="auto", preload_torch=False) as judge:
        layers = judge.layers()
        missing = judge.missing_layers()
    checks.append(health.sandbox(layers, missing, isolation))
    info = {
        "version": __version__,
        "python": sys.version.split()[0],
        "torch": torch_available(),
        "packs_dir": str(catalog.root),
        "exercises": len(catalog.slugs),
        "database": redact(settings.get("database_url")),
        "isolation_setting": isolation,
        "warm_judge": warm_judge_status(),
        "layers": layers,
        "multi_user_ready": not missing,
    }
    return info, checks


def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the database, queue, workers, sandbox layers and packs; exit 1 on a failure."""
    info, checks = collect()
    problems = health.failed(checks)
    if as_json:
        report = {**info, "ok": not problems, "checks": [c.to_dict() for c in checks]}
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n")
    else:
        _print(info, checks)
    if problems:
        raise typer.Exit(1)


def _print(info: dict[str, Any], checks: list[health.Check]) -> None:
    for key in (*INFO_KEYS, *INFO_KEYS_2):
        out.print(f"{key:>18}: {escape(str(info[key]))}")
    table = Table("check", "state", "detail", title="health")
    for check in checks:
        table.add_row(check.name, STATE_STYLE[check.state], escape(check.detail))
    out.print(table)
    layers = Table("layer", "active", "detail", title="sandbox layers")
    for name, layer in info["layers"].items():
        active = "[green]yes[/]" if layer["active"] else "[red]no[/]"
        layers.add_row(name, active, escape(str(layer["detail"])))
    out.print(layers)
    failed = health.failed(checks)
    if failed:
        out.print(f"[red]not ready[/]: {', '.join(c.name for c in failed)} failed")
    elif not info["multi_user_ready"]:
        out.print("[yellow]ready for one trusted user[/]; a multi-user server needs every layer")
    else:
        out.print("[green]ready[/]: no check failed, and every required isolation layer is active")
