"""Fault benchmark: kill parts of a running deployment mid-load; nothing may be lost.

    .venv/bin/python benchmarks/faults.py            # every scenario this checkout has
    .venv/bin/python benchmarks/faults.py --quick
    .venv/bin/python benchmarks/faults.py --scenario server

It reuses benchmarks/load.py: the real server (and workers) on free ports, users signed
in over HTTP, the same mix of submissions. Once some submissions are being graded, one
part is killed with SIGKILL (a crash: no clean shutdown) and started again:

- ``server``: ``mldrills serve`` alone (the embedded default), judge included;
- ``worker``: one of two ``mldrills worker`` processes, mid-grade (the queued deployment);
- ``redis``: the Redis server the queue runs on (the queued deployment with Redis).

The users keep polling through the outage (a refused connection is retried), and a
user whose submission got no answer submits again, as a person would. Reported: how
long the server was unreachable, the recovery time (kill to the first verdict after
it), when everything accepted before the kill had its verdict (backlog done), the
submissions the fault turned into an error verdict rather than a regrade, unanswered
POSTs, wrong verdicts, and lost and duplicated submissions read back from the database
(each POST's code carries its own marker, so a row stored twice shows).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import (
    Cluster,
    Deployment,
    Job,
    Outcome,
    Run,
    account,
    drive,
    has_workers,
    plan,
    print_markdown,
)

# Error verdicts that say the fault cost the submission its grade (it was not regraded).
FAULT_WORDS = ("restarted", "worker", "interrupted", "lost")


@dataclass(frozen=True)
class Scenario:
    """A deployment and the process of it to kill."""

    name: str
    deployment: Callable[[], Deployment]
    victim: str  # a Cluster process name, or "redis"
    needs_workers: bool


SCENARIOS = {
    "server": Scenario("kill serve (embedded)", lambda: Deployment("embedded", 0), "serve", False),
    "worker": Scenario(
        "kill 1 of 2 workers (Redis)", lambda: Deployment("2", 2, redis=True), "worker0", True
    ),
    "redis": Scenario(
        "kill Redis (2 workers)", lambda: Deployment("2", 2, redis=True), "redis", True
    ),
}


def counts(db: Path) -> tuple[int, int]:
    """(rows being graded now, rows stored): the lifecycle column is state, or status."""
    if not db.exists():
        return 0, 0
    with sqlite3.connect(db, timeout=5) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(submissions)")}
        column = "state" if "state" in columns else "status"
        query = f"SELECT count(*) FILTER (WHERE {column} = 'running'), count(*) FROM submissions"
        running, stored = conn.execute(query).fetchone()
        return int(running), int(stored)


async def fault(cluster: Cluster, scenario: Scenario, run: Run, expected: int) -> dict[str, float]:
    """Wait until grading is under way, kill the victim, restart it, time the outage."""
    db = cluster.base / "data" / "mldrills.db"
    # Mid-load: a third of the submissions stored, some of them being graded.
    running = 0
    while time.monotonic() < run.deadline:
        running, stored = counts(db)
        if running >= 2 and stored >= expected // 3:
            break
        await asyncio.sleep(0.2)
    killed = time.monotonic()
    cluster.kill(scenario.victim)
    await asyncio.sleep(1.0)  # down for a moment, as a crash and a supervisor's restart
    cluster.restart(scenario.victim)
    async with httpx.AsyncClient(base_url=cluster.url, timeout=2) as client:
        while True:
            try:
                if (await client.get("/readyz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    return {"killed": killed, "down": time.monotonic() - killed, "in_flight": running}


@dataclass
class FaultReport:
    scenario: str
    outcomes: list[Outcome]
    timing: dict[str, float]
    lost: int
    duplicates: int

    def row(self) -> list[str]:
        killed = self.timing["killed"]
        after = [o.finished_at for o in self.outcomes if o.status and o.finished_at > killed]
        recovery = min(after) - killed if after else float("nan")
        killed_at = killed - self.timing["burst"]
        # Everything in the system at the kill (waiting or being graded) has a verdict by:
        before = [o.finished_at for o in self.outcomes if o.status and o.sent_at < killed]
        cleared = max(before) - killed if before else float("nan")
        faulted = [
            o
            for o in self.outcomes
            if o.status == "error" and any(w in o.message.lower() for w in FAULT_WORDS)
        ]
        wrong = [
            o for o in self.outcomes if o.status and o not in faulted and not o.job.right(o.status)
        ]
        return [
            self.scenario,
            str(len(self.outcomes)),
            f"{killed_at:.1f}",
            str(int(self.timing["in_flight"])),
            f"{self.timing['down']:.1f}",
            f"{recovery:.1f}",
            f"{cleared:.1f}",
            str(len(faulted)),
            str(sum(o.unanswered for o in self.outcomes)),
            str(len(wrong)),
            str(sum(1 for o in self.outcomes if o.error)),
            str(self.lost),
            str(self.duplicates),
        ]


HEADER = [
    "scenario", "subs", "killed at s", "running then", "down s", "recovery s", "backlog done s",
    "failed by fault", "unanswered", "wrong", "errors", "lost", "dup",
]  # fmt: skip


def run_scenario(scenario: Scenario, jobs: list[list[Job]], seconds: float) -> FaultReport:
    base = Path(tempfile.mkdtemp(prefix="mdfault", dir="/tmp"))
    cluster = Cluster(scenario.deployment(), base, len(jobs))
    try:
        cluster.start()
        started = time.monotonic()
        run = Run(cluster.url, started, started + seconds, 0.4, outage_ok=True)

        async def both() -> tuple[list[Outcome], dict[str, float]]:
            load = asyncio.create_task(drive(run, jobs))
            expected = sum(len(mine) for mine in jobs)
            timing = await fault(cluster, scenario, run, expected)
            outcomes, burst = await load
            return outcomes, {**timing, "burst": burst}

        outcomes, timing = asyncio.run(both())
        lost, duplicates = account(outcomes, cluster.rows())
        errors = sorted({o.error for o in outcomes if o.error})
        if errors:
            print(f"  {scenario.name}: errors {errors}", file=sys.stderr)
        return FaultReport(scenario.name, outcomes, timing, lost, duplicates)
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def print_table(reports: list[FaultReport]) -> None:
    print_markdown(HEADER, [r.row() for r in reports])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="24 users, one submission each")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--per-user", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    if args.quick:
        args.users, args.per_user, args.seconds = 24, 1, 120
    chosen = [SCENARIOS[c] for c in (args.scenario or sorted(SCENARIOS))]
    queued = has_workers() and shutil.which("redis-server") is not None
    if any(s.needs_workers for s in chosen) and not queued:
        print("note: no `mldrills worker` or redis-server here; worker and Redis scenarios skipped")
        chosen = [s for s in chosen if not s.needs_workers]
    # No hostile code here: the faults are the point, and verdict times stay short.
    jobs = plan(args.users, args.per_user, 0, seed=16)
    print(f"{args.users} users x {args.per_user} submissions (references and mutants)")
    reports = []
    for scenario in chosen:
        print(f"running {scenario.name} ...", flush=True)
        reports.append(run_scenario(scenario, jobs, args.seconds))
    print_table(reports)
    if any(r.lost or r.duplicates for r in reports):
        sys.exit("lost or duplicated submissions")


if __name__ == "__main__":
    main()
