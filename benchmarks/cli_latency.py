"""`mldrills submit` wall time as a terminal user sees it: warm judge vs a judge per command.

    python benchmarks/cli_latency.py [SLUG ...] [--runs N]

For each exercise (default: kmeans, numpy; causal-self-attention, torch) the reference
solution is submitted with ``mldrills submit SLUG --file solution.py --json``, each a
new process, timed from start to exit:
- first: no warm judge running (the daemon is stopped before each exercise), so the
  daemon column includes starting it; the per-command column always starts a judge;
- repeated: ``--runs`` more submits, daemon and per-command interleaved so machine
  noise hits both alike; p50 and max.
``mldrills version`` is timed too: the floor any command pays to start Python and the CLI.
On a busy machine wall times grow with the load; the client's CPU time plus the grade
time inside the judge is what the same submit costs on an idle one.
Runs in a temporary data dir and runtime dir; the daemon it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

DEFAULT = ["kmeans", "causal-self-attention"]


def timed(args: list[str]) -> tuple[float, dict[str, Any]]:
    """Run ``mldrills ARGS``; wall seconds and the parsed JSON output (if any)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args], capture_output=True, text=True
    )
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode != 0:
        raise SystemExit(f"mldrills {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    out = json.loads(proc.stdout) if "--json" in args else {}
    out["_cpu"] = cpu
    return seconds, out


def stop_daemon() -> None:
    """Stop the warm judge of the benchmark's settings, and wait until it is gone."""
    from mldrills.judge.client import stop
    from mldrills.judge.daemon import Endpoint

    endpoint = Endpoint.current()
    hello = stop(endpoint)
    if hello is None:
        return
    deadline = time.monotonic() + 60
    while Path(f"/proc/{hello['pid']}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def measure(slug: str, solution: Path, runs: int) -> dict[str, Any]:
    """First and repeated submits of ``slug``, through the daemon and per command."""
    submit = ["submit", slug, "--file", str(solution), "--json"]
    stop_daemon()
    first_daemon, out = timed(submit)
    assert out["status"] == "pass" and out["judge"]["kind"] == "daemon", out
    first_cmd, out = timed([*submit, "--no-daemon"])
    assert out["status"] == "pass" and out["judge"]["kind"] == "command", out
    daemon, cmd, pids, cpu, grade = [], [], {out["judge"]["pid"]}, [], []
    for _ in range(runs):
        s, out = timed(submit)
        daemon.append(s)
        pids.add(out["judge"]["pid"])
        cpu.append(out["_cpu"])
        grade.append(out["timings"]["total_ms"] / 1000)
        s, _ = timed([*submit, "--no-daemon"])
        cmd.append(s)
    return {
        "first_daemon": first_daemon,
        "first_cmd": first_cmd,
        "daemon": daemon,
        "cmd": cmd,
        "restarts": len(pids) - 2,  # a daemon replaced mid-run (code edited on disk)
        "cpu": statistics.median(cpu),
        "grade": statistics.median(grade),
    }


def isolate(packs: Path) -> Path:
    """Point this process and its children at a temporary data dir and a code snapshot."""
    tmp = Path(tempfile.mkdtemp(prefix="mdb", dir="/tmp"))
    # Run a snapshot of the code: in a checkout others are editing, every edit would
    # (rightly) replace the warm judge in the middle of the measurement.
    shutil.copytree(Path(__file__).parents[1] / "src" / "mldrills", tmp / "src" / "mldrills")
    sys.path.insert(0, str(tmp / "src"))
    os.environ.update(
        {
            "PYTHONPATH": str(tmp / "src"),
            "MLDRILLS_DATA_DIR": str(tmp / "data"),
            "MLDRILLS_RUNTIME_DIR": str(tmp / "run"),
            "MLDRILLS_PACKS_DIR": str(packs),
            "MLDRILLS_JUDGE_DAEMON": "on",
        }
    )
    os.environ.pop("MLDRILLS_DATABASE_URL", None)
    return tmp


def row(slug: str, r: dict[str, Any]) -> list[str]:
    """One table row from ``measure``'s figures."""
    p50_cmd, p50_daemon = statistics.median(r["cmd"]), statistics.median(r["daemon"])
    note = f" ({r['restarts']} restarts)" if r["restarts"] > 0 else ""
    return [
        slug, f"{r['first_cmd']:.2f}", f"{r['first_daemon']:.2f}", f"{p50_cmd:.2f}",
        f"{p50_daemon:.2f}", f"{max(r['daemon']):.2f}{note}",
        f"{p50_cmd / p50_daemon:.0f}x", f"{r['cpu']:.2f}", f"{r['grade']:.2f}",
    ]  # fmt: skip


def main() -> None:
    """Measure and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*", default=DEFAULT)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    packs = Path(os.environ.get("MLDRILLS_PACKS_DIR") or Path(__file__).parents[1] / "packs")
    tmp = isolate(packs)
    table = Table(
        "exercise", "first: command", "first: daemon", "again: command p50",
        "again: daemon p50", "daemon max", "speed-up", "client CPU", "grade in judge",
        title=f"mldrills submit wall time, s ({args.runs} repeated runs each)",
    )  # fmt: skip
    try:
        floor = statistics.median(timed(["version"])[0] for _ in range(5))
        for slug in args.slugs:
            solution = next(packs.glob(f"*/{slug}/solution.py"))
            table.add_row(*row(slug, measure(slug, solution, args.runs)))
    finally:
        stop_daemon()
        shutil.rmtree(tmp, ignore_errors=True)
    console = Console(width=200)
    console.print(table)
    console.print(f"`mldrills version` p50: {floor:.2f} s (starting Python and the CLI)")
    console.print(
        "client CPU: user+sys seconds of the repeated daemon-path command (load does not "
        "inflate it); grade in judge: the verdict's wall time inside the warm judge, p50"
    )
    console.print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
