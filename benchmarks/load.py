"""Load benchmark: the real server on this machine, driven over HTTP by virtual users.

    .venv/bin/python benchmarks/load.py            # 200 users, every deployment side by side
    .venv/bin/python benchmarks/load.py --quick    # 24 users: a quick look
    .venv/bin/python benchmarks/load.py --users 50 --per-user 2 --deploy embedded

Each deployment starts from nothing: a temporary data folder, ``mldrills serve
--multi-user`` on a free port (and its ``mldrills worker`` processes, for the queued
deployments), accounts made beforehand as an admin would, and virtual users that sign in
through ``POST /api/login`` like the web page. Each user submits a mix of exercises
(numpy, torch and plain Python): the reference (must pass), a mutant (must fail) and,
now and then, a hostile submission (an infinite loop, a memory hog or a fork bomb; must
not pass). A user polls its submission every 0.4 s, as the exercise page does, and
stops at its last submission or at the deadline, so the run ends by itself.

Reported per deployment: verdicts per second, verdict latency p50/p95/p99 (submit to
final verdict as the user sees it), HTTP errors, wrong verdicts, 429 refusals (the user
waits Retry-After and tries again), and lost or duplicated submissions, read back from
the database: every accepted submission must be exactly one row with a final verdict.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, inspect, text

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PASSWORD = "load-bench-password-1"
FINAL = {"pass", "fail", "error", "cancelled"}
# (slug, library): the references take 0.2-0.6 s to grade warm, the mutants less.
EXERCISES = [
    ("merge-intervals", "python"),
    ("knn-classifier", "numpy"),
    ("pca-svd", "numpy"),
    ("softmax-regression", "numpy"),
    ("scaled-dot-product-attention", "torch"),
    ("gelu-mlp", "torch"),
    ("rms-norm", "torch"),
]
HOSTILE = {
    # Each runs on import; the judge stops it, and the verdict must not be a pass.
    "infinite-loop": "while True:\n    pass\n",
    "memory-hog": "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 2**20))\n",
    "fork-bomb": (
        "import os\n\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    ),
}


@dataclass(frozen=True)
class Job:
    """One planned submission: what it is and the verdict it must get."""

    kind: str  # reference, mutant, hostile
    slug: str
    label: str  # library, mutant name or attack
    code: str

    def right(self, status: str) -> bool:
        """Whether ``status`` is the verdict this submission deserves."""
        return status == "pass" if self.kind == "reference" else status in ("fail", "error")


@dataclass
class Outcome:
    """What one submission got."""

    job: Job
    marker: str = ""  # the comment that tells its row apart from every other
    submission_id: int | None = None
    status: str = ""
    message: str = ""
    latency_s: float | None = None
    sent_at: float = 0.0  # time.monotonic() when the POST that was accepted went out
    finished_at: float = 0.0  # time.monotonic() at the verdict
    refused: int = 0  # 429 answers before it was accepted
    hiccups: int = 0  # polls that failed at the connection and were tried again
    unanswered: int = 0  # POSTs that got no answer and were made again (a new marker)
    error: str = ""


@dataclass(frozen=True)
class Row:
    """A stored submission: id, lifecycle state, and the marker its code carries."""

    id: int
    state: str
    marker: str


MARKER = re.compile(r"^# load-benchmark submission ([0-9a-f]{32})$", re.M)


def marker_of(code: str) -> str:
    found = MARKER.search(code)
    return found.group(1) if found else ""


def marked(code: str) -> tuple[str, str]:
    """``code`` with a unique marker comment, and the marker: each POST stores its own."""
    marker = uuid.uuid4().hex
    return f"{code.rstrip()}\n\n# load-benchmark submission {marker}\n", marker


@dataclass
class Deployment:
    """One configuration: Redis (when ``redis``), the server, then ``workers`` workers.

    With workers, the server grades nothing itself (MLDRILLS_SERVE_WORKERS=0); the queue
    is Redis when ``redis`` is set, else the default SQLite file in the data folder.
    """

    name: str
    workers: int
    redis: bool = False
    env: dict[str, str] = field(default_factory=dict)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def plan(users: int, per_user: int, hostile_every: int, seed: int) -> list[list[Job]]:
    """Each user's submissions: references and mutants alternate, every Nth is hostile."""
    rng = random.Random(seed)
    mutants = {
        slug: sorted((ROOT / "packs").glob(f"*/{slug}/mutants/*.py")) for slug, _ in EXERCISES
    }
    attacks = sorted(HOSTILE)
    jobs: list[list[Job]] = []
    n = 0
    for _ in range(users):
        mine = []
        for _ in range(per_user):
            n += 1
            if hostile_every and n % hostile_every == 0:
                attack = attacks[(n // hostile_every) % len(attacks)]
                mine.append(Job("hostile", "merge-intervals", attack, HOSTILE[attack]))
                continue
            slug, library = rng.choice(EXERCISES)
            if n % 2:
                [solution] = (ROOT / "packs").glob(f"*/{slug}/solution.py")
                mine.append(Job("reference", slug, library, solution.read_text()))
            else:
                mutant = rng.choice(mutants[slug])
                mine.append(Job("mutant", slug, f"{library}:{mutant.stem}", mutant.read_text()))
        jobs.append(mine)
    return jobs


def seed_accounts(env: dict[str, str], users: int) -> None:
    """Create the users in the new database, as an admin would before the session."""
    script = (
        "import sys\n"
        "from mldrills.store import Store\n"
        "from mldrills.web.passwords import hash_password\n"
        "digest = hash_password(sys.argv[2])\n"
        "with Store() as store:\n"
        "    store.migrate()\n"
        "    for i in range(int(sys.argv[1])):\n"
        "        store.create_user(f'learner{i:03d}', digest)\n"
    )
    subprocess.run([PYTHON, "-c", script, str(users), PASSWORD], env=env, check=True)


class Cluster:
    """The processes of one deployment; stopped (and waited for) on exit."""

    def __init__(self, deployment: Deployment, base: Path, users: int) -> None:
        self.deployment = deployment
        self.base = base
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []
        self.commands: list[tuple[str, list[str]]] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MLDRILLS_")}
        self.env.update(
            MLDRILLS_DATA_DIR=str(base / "data"),
            MLDRILLS_RUNTIME_DIR=str(base / "run"),
            MLDRILLS_PACKS_DIR=str(ROOT / "packs"),
            # Every user may have a submission waiting: the queue is what is measured.
            MLDRILLS_WEB_QUEUE=str(max(32, users * 2)),
            **deployment.env,
        )
        self.users = users

    def _spawn(self, name: str, args: list[str], slot: int | None = None) -> None:
        """Start ``mldrills ARGS`` (or, for Redis, the server binary) as process ``name``."""
        log = self.base / f"{name}.log"
        argv = args if name == "redis" else [PYTHON, "-m", "mldrills.cli", *args]
        with log.open("ab") as out:
            proc = subprocess.Popen(
                argv,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # stopped as a group: judges and all
            )
        if slot is None:
            self.procs.append(proc)
            self.logs.append(log)
            self.commands.append((name, args))
        else:
            self.procs[slot] = proc

    def kill(self, name: str) -> None:
        """SIGKILL one process and everything it started (its judge), as a crash would."""
        [slot] = [i for i, (n, _) in enumerate(self.commands) if n == name]
        os.killpg(self.procs[slot].pid, signal.SIGKILL)
        self.procs[slot].wait()

    def restart(self, name: str) -> None:
        """Start a killed process again, with the same command, port and data."""
        [slot] = [i for i, (n, _) in enumerate(self.commands) if n == name]
        self._spawn(name, self.commands[slot][1], slot)

    def start(self) -> None:
        if self.deployment.redis:
            port = free_port()
            # Throwaway: loopback only, nothing written to disk, as scripts/start-redis.
            redis = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
            self._spawn("redis", [*redis, "--appendonly", "no", "--dir", str(self.base)])
            self.env["MLDRILLS_QUEUE_URL"] = f"redis://127.0.0.1:{port}/0"
            wait_for_port(port)
        if self.deployment.workers:
            self.env["MLDRILLS_SERVE_WORKERS"] = "0"
        seed_accounts(self.env, self.users)
        serve = ["serve", "--multi-user", "--host", "127.0.0.1", "--port", str(self.port)]
        self._spawn("serve", serve)
        for i in range(self.deployment.workers):
            self._spawn(f"worker{i}", ["worker"])
        self.wait_ready()

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc, log in zip(self.procs, self.logs, strict=True):
                if proc.poll() is not None:
                    raise RuntimeError(f"{log.name} exited:\n{log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.deployment.name}: not ready after {timeout:.0f} s")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def rows(self) -> list[Row]:
        """Every stored submission of the benchmark's users, read from the database."""
        engine = create_engine(f"sqlite:///{self.base / 'data' / 'mldrills.db'}")
        try:
            columns = {c["name"] for c in inspect(engine).get_columns("submissions")}
            state = "state" if "state" in columns else "status"
            query = text(
                f"SELECT s.id, s.{state}, s.code FROM submissions s "
                "JOIN users u ON u.id = s.user_id WHERE u.username LIKE 'learner%'"
            )
            with engine.connect() as db:
                found = db.execute(query).all()
        finally:
            engine.dispose()
        return [Row(int(i), str(st), marker_of(str(code))) for i, st, code in found]


@dataclass(frozen=True)
class Run:
    """What every virtual user of one run shares."""

    url: str
    started: float
    deadline: float  # no new submission after it
    poll_s: float
    outage_ok: bool = False  # retry through a refused connection (a restarting server)
    grace_s: float = 300.0  # how long past the deadline an accepted submission is awaited


async def call(
    client: httpx.AsyncClient, run: Run, method: str, path: str, **kw: Any
) -> httpx.Response:
    """One request; during an expected outage, retried until the server answers again."""
    while True:
        try:
            return await client.request(method, path, **kw)
        except httpx.TransportError:
            if not run.outage_ok or time.monotonic() > run.deadline + run.grace_s:
                raise
            await asyncio.sleep(0.5)


async def sign_in(client: httpx.AsyncClient, run: Run, index: int) -> dict[str, str]:
    """Sign in as learner<index>; the CSRF header for its later requests."""
    me = (await call(client, run, "GET", "/api/me")).json()  # a POST needs a CSRF token
    login = await call(
        client,
        run,
        "POST",
        "/api/login",
        json={"username": f"learner{index:03d}", "password": PASSWORD},
        headers={me["csrf_header"]: me["csrf_token"]},
    )
    if login.status_code != 200:
        raise RuntimeError(f"login {login.status_code}")
    return {login.json()["csrf_header"]: login.json()["csrf_token"]}


async def virtual_user(
    run: Run, index: int, jobs: list[Job], gate: asyncio.Semaphore, ready: Barrier
) -> list[Outcome]:
    """Sign in, wait for everyone, then submit each job and poll it to its verdict."""
    outcomes: list[Outcome] = []
    async with httpx.AsyncClient(base_url=run.url, timeout=60) as client:
        try:
            async with gate:  # sign-ins are spread out: argon2 costs ~0.1 s of CPU each
                headers = await sign_in(client, run, index)
        except (httpx.HTTPError, RuntimeError) as exc:
            await ready.arrive()
            return [Outcome(job, error=str(exc) or type(exc).__name__) for job in jobs]
        await ready.arrive()
        for job in jobs:
            if time.monotonic() > run.deadline:
                break
            outcomes.append(await submit_and_wait(client, run, headers, job))
    return outcomes


class Barrier:
    """Everyone signs in first; the burst of submissions starts when the last one has."""

    def __init__(self, parties: int) -> None:
        self.left = parties
        self.event = asyncio.Event()
        self.opened = 0.0  # time.monotonic() when the last user signed in

    async def arrive(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.opened = time.monotonic()
            self.event.set()
        await self.event.wait()


async def submit_and_wait(
    client: httpx.AsyncClient, run: Run, headers: dict[str, str], job: Job
) -> Outcome:
    outcome = Outcome(job)
    started = time.monotonic()
    path = f"/api/exercises/{job.slug}/submissions"
    while True:
        code, outcome.marker = marked(job.code)
        outcome.sent_at = time.monotonic()
        try:
            response = await client.post(path, json={"code": code, "hidden": True}, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # never reached the server
            if not run.outage_ok or time.monotonic() > run.deadline + run.grace_s:
                outcome.error = f"submit {type(exc).__name__}"
                return outcome
            await asyncio.sleep(0.5)
            continue
        except httpx.HTTPError as exc:  # the row may be stored: only its answer was lost
            if not run.outage_ok or time.monotonic() > run.deadline + run.grace_s:
                outcome.error, outcome.unanswered = f"submit {type(exc).__name__}", 1
                return outcome
            outcome.unanswered += 1  # like a person: wait, then submit again
            await asyncio.sleep(0.5)
            continue
        if response.status_code != 429 or time.monotonic() > run.deadline:
            break
        outcome.refused += 1
        await asyncio.sleep(min(float(response.headers.get("retry-after", "2")), 5.0))
    if response.status_code != 202:
        outcome.error = f"submit {response.status_code}"
        return outcome
    outcome.submission_id = int(response.json()["id"])
    # A verdict is awaited past the deadline too: an accepted submission that never gets
    # one is lost, whatever the load. A failed poll is retried, as the next one would be.
    while time.monotonic() < run.deadline + run.grace_s:
        await asyncio.sleep(run.poll_s)
        try:
            polled = await call(client, run, "GET", f"/api/submissions/{outcome.submission_id}")
        except httpx.HTTPError:
            outcome.hiccups += 1
            continue
        if polled.status_code != 200:
            outcome.error = f"poll {polled.status_code}"
            return outcome
        data = polled.json()
        if data["status"] in FINAL:
            outcome.status = data["status"]
            outcome.message = data.get("message", "")
            outcome.latency_s = time.monotonic() - started
            outcome.finished_at = time.monotonic()
            return outcome
    outcome.error = "no verdict"
    return outcome


async def drive(run: Run, jobs: list[list[Job]]) -> tuple[list[Outcome], float]:
    """Every virtual user at once: their outcomes, and when the burst began (all signed in)."""
    gate, ready = asyncio.Semaphore(4), Barrier(len(jobs))
    users = [virtual_user(run, i, mine, gate, ready) for i, mine in enumerate(jobs)]
    per_user = await asyncio.gather(*users)
    return [o for mine in per_user for o in mine], ready.opened


def account(outcomes: list[Outcome], rows: list[Row]) -> tuple[int, int]:
    """(lost, duplicates), by the database, the record of truth.

    Each POST carried its own marker, so a marker stored twice is a duplicate whatever
    the client did, and an accepted submission whose row is missing or still unfinished
    at the end is lost. A user whose poll failed (counted under errors) lost nothing
    when the row has its verdict; a POST whose answer was lost may have a row no one
    waits for, which is neither.
    """
    by_marker: dict[str, list[Row]] = {}
    for row in rows:
        by_marker.setdefault(row.marker, []).append(row)
    unfinished = ("pending", "running", "queued")
    lost = 0
    for o in outcomes:
        if o.submission_id is None:
            continue
        stored = by_marker.get(o.marker, [])
        if not any(r.id == o.submission_id and r.state not in unfinished for r in stored):
            lost += 1
    duplicates = sum(len(same) - 1 for marker, same in by_marker.items() if marker)
    return lost, duplicates


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@dataclass
class Report:
    """The figures of one deployment's run."""

    name: str
    outcomes: list[Outcome]
    burst: float  # time.monotonic() when every user had signed in
    wall_s: float  # from the burst to the last verdict
    lost: int
    duplicates: int

    def row(self) -> list[str]:
        done = [o for o in self.outcomes if o.latency_s is not None]
        # Latency and throughput are over the learners' ordinary submissions; hostile ones
        # run to the judge's limits (tens of seconds) and get a column of their own.
        usual = [o for o in done if o.job.kind != "hostile"]
        latencies = [o.latency_s for o in usual if o.latency_s is not None]
        hostile = [o.latency_s for o in done if o.job.kind == "hostile" and o.latency_s]
        span = max((o.finished_at for o in usual), default=self.burst) - self.burst
        wrong = [o for o in done if not o.job.right(o.status)]
        errors = [o for o in self.outcomes if o.error]
        return [
            self.name,
            str(len(self.outcomes)),
            f"{len(usual) / span:.2f}" if usual and span > 0 else "-",
            f"{percentile(latencies, 50):.1f}",
            f"{percentile(latencies, 95):.1f}",
            f"{percentile(latencies, 99):.1f}",
            f"{max(hostile):.0f}" if hostile else "-",
            str(len(errors)),
            str(len(wrong)),
            str(sum(o.refused for o in self.outcomes)),
            str(self.lost),
            str(self.duplicates),
            f"{self.wall_s:.0f}",
        ]


HEADER = [
    "deployment", "subs", "verdicts/s", "p50 s", "p95 s", "p99 s", "hostile max s",
    "errors", "wrong", "429s", "lost", "dup", "wall s",
]  # fmt: skip


def run_one(deployment: Deployment, jobs: list[list[Job]], seconds: float, poll_s: float) -> Report:
    base = Path(tempfile.mkdtemp(prefix="mdload", dir="/tmp"))
    cluster = Cluster(deployment, base, len(jobs))
    try:
        cluster.start()
        started = time.monotonic()
        run = Run(cluster.url, started, started + seconds, poll_s)
        outcomes, burst = asyncio.run(drive(run, jobs))
        wall = time.monotonic() - burst
        lost, duplicates = account(outcomes, cluster.rows())
        errors = [o.error for o in outcomes if o.error]
        if errors:
            print(f"  {deployment.name}: errors {sorted(set(errors))}", file=sys.stderr)
        hiccups = sum(o.hiccups for o in outcomes)
        if hiccups:
            print(f"  {deployment.name}: {hiccups} polls failed and were retried", file=sys.stderr)
        return Report(deployment.name, outcomes, burst, wall, lost, duplicates)
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def has_workers() -> bool:
    """Whether this checkout has ``mldrills worker`` (the queued deployments)."""
    probe = subprocess.run(
        [PYTHON, "-m", "mldrills.cli", "worker", "--help"], capture_output=True, timeout=60
    )
    return probe.returncode == 0


DEPLOYMENTS: dict[str, Callable[[], Deployment]] = {
    "embedded": lambda: Deployment("serve alone (embedded)", 0),
    "workers1": lambda: Deployment("serve + 1 worker, Redis", 1, redis=True),
    "workers2": lambda: Deployment("serve + 2 workers, Redis", 2, redis=True),
    "sqlite2": lambda: Deployment("serve + 2 workers, SQLite queue", 2),
}
DEFAULT = ["embedded", "workers1", "workers2"]


def print_table(reports: list[Report]) -> None:
    print_markdown(HEADER, [r.row() for r in reports])


def print_markdown(header: list[str], body: list[list[str]]) -> None:
    """A Markdown table with right-aligned columns (the benchmarks' output format)."""
    rows = [header, *body]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        print("| " + " | ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="24 users, one submission each")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=1)
    parser.add_argument("--hostile-every", type=int, default=20, help="every Nth is hostile")
    parser.add_argument("--seconds", type=float, default=600, help="users stop submitting after")
    parser.add_argument("--poll", type=float, default=0.4, help="seconds between polls")
    parser.add_argument("--deploy", action="append", choices=sorted(DEPLOYMENTS))
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    if args.quick:
        args.users, args.per_user, args.hostile_every, args.seconds = 24, 1, 12, 180
    chosen = args.deploy or DEFAULT
    if any(DEPLOYMENTS[c]().workers for c in chosen) and not has_workers():
        print("note: no `mldrills worker` here yet; the queued deployments are skipped")
        chosen = [c for c in chosen if not DEPLOYMENTS[c]().workers]
    if any(DEPLOYMENTS[c]().redis for c in chosen) and not shutil.which("redis-server"):
        print("note: no redis-server here (apt-get install redis-server); Redis ones skipped")
        chosen = [c for c in chosen if not DEPLOYMENTS[c]().redis]
    jobs = plan(args.users, args.per_user, args.hostile_every, args.seed)
    kinds = [j.kind for mine in jobs for j in mine]
    print(
        f"{args.users} users x {args.per_user}: {kinds.count('reference')} references, "
        f"{kinds.count('mutant')} mutants, {kinds.count('hostile')} hostile; "
        f"{os.cpu_count()} CPUs; poll every {args.poll} s"
    )
    reports = []
    for name in chosen:
        deployment = DEPLOYMENTS[name]()
        print(f"running {deployment.name} ...", flush=True)
        reports.append(run_one(deployment, jobs, args.seconds, args.poll))
    print_table(reports)
    if any(r.lost or r.duplicates for r in reports):
        sys.exit("lost or duplicated submissions")


if __name__ == "__main__":
    main()
