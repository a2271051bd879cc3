"""``mldrills console``: run your function on an input you type, next to the reference's answer.

It goes through the same warm judge as ``test`` and ``submit`` (``--no-daemon``: a judge
of this command only). Nothing is recorded.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from mldrills.cli_text import inline

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
AGREE = {True: ("agree", "green"), False: ("differ", "bold red"), None: ("not compared", "dim")}


def _safe(text: str) -> str:
    """Control characters shown as ``\\xNN`` (learner output may carry escape sequences)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def console(
    slug: Annotated[str, typer.Argument(help="The exercise.")],
    args: Annotated[
        str | None,
        typer.Option(
            "--args", help="Arguments of one call, as you would type them: '[1, 2], k=3'."
        ),
    ] = None,
    entry: Annotated[
        str | None,
        typer.Option("--entry", help="The entry point --args calls (default: the first)."),
    ] = None,
    input_: Annotated[
        str | None,
        typer.Option(
            "--input",
            "-i",
            help="Lines of calls ('c = LRUCache(2)', 'c.get(1)' on lines of their own); "
            "'-' reads them from stdin.",
        ),
    ] = None,
    file: Annotated[Path | None, typer.Option(help="Run this file, not the workspace.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    no_daemon: Annotated[
        bool, typer.Option("--no-daemon", help="Use a judge of this command only.")
    ] = False,
) -> None:
    """Run your code on a typed input beside the reference (no input: the exercise's example).

    Arguments are Python literals and a few constructors (np.array, np.arange(...).reshape,
    np.random.default_rng(0).normal(size=...), torch.tensor, torch.randn); nothing is
    evaluated. Not a submission: nothing is recorded.
    """
    from mldrills.content import Catalog
    from mldrills.practice.workspace import read_solution

    catalog = Catalog()
    exercise = catalog.get(slug)
    code = read_solution(slug, file)
    if args is not None and input_ is not None:
        err.print("give either --args or --input, not both")
        raise typer.Exit(2)
    text = sys.stdin.read() if input_ == "-" else input_
    if args is not None:
        text = args
        entry = entry or exercise.meta.entrypoints[0]
    from mldrills.practice.console import console_text

    text = console_text(exercise, text, entry if args is not None else None)
    try:
        reply = _run(catalog, exercise, code, text, no_daemon)
    except KeyboardInterrupt:
        err.print("stopped")
        raise typer.Exit(130) from None
    if as_json:
        sys.stdout.write(json.dumps(reply, indent=2, default=str) + "\n")
        return
    render(reply)


def _run(catalog: Any, exercise: Any, code: str, text: str | None, no_daemon: bool) -> Any:
    from mldrills.practice import remote

    if not remote.use_warm_judge(no_daemon):
        from mldrills.practice.console import run_here

        return run_here(catalog, exercise, code, text)
    from mldrills import settings
    from mldrills.judge.client import WarmJudge
    from mldrills.judge.daemon import folder_digest

    request = {
        "op": "console",
        "slug": exercise.slug,
        "code": code,
        "input": text,
        "digest": folder_digest(exercise.path),
        "packs_dir": settings.get("packs_dir"),
    }
    reply, _ = WarmJudge(remote.DAEMON_ENTRY).call(request, need_torch=exercise.meta.needs_torch)
    return {k: reply[k] for k in ("input", "example", "console")}


def _side(label: str, o: dict[str, Any]) -> Text:
    line = Text(f"  {label:<10} ", style="bold")
    if o["status"] == "ok":
        line.append(_safe(o["value"]))
        facts = [o["type"]]
        if o.get("shape") is not None:
            facts.append(f"shape {tuple(o['shape'])}")
        if o.get("dtype"):
            facts.append(f"dtype {o['dtype']}")
        if o.get("wall_ms") is not None:
            cpu = f", cpu {o['cpu_ms']:.3g} ms" if o.get("cpu_ms") is not None else ""
            facts.append(f"{o['wall_ms']:.3g} ms{cpu}")
        line.append("\n" + " " * 13 + " · ".join(facts), style="dim")
    else:
        error = o.get("error") or {}
        line.append(_safe(str(error.get("message", o["status"]))), style="yellow")
    return line


def render(reply: dict[str, Any]) -> None:
    """Print each line's two sides and whether they agree."""
    result = reply["console"]
    if reply.get("example"):
        out.print(Text("no input given: running the exercise's example", style="dim"))
    if result.get("load_error"):
        out.print(inline(_safe(result["load_error"]), style="yellow"))
    for row in result["rows"]:
        out.print(Text(f"\n>>> {_safe(row['statement'])}", style="bold cyan"))
        yours = row["yours"]
        if yours.get("output"):
            out.print(Text(_safe(yours["output"].rstrip("\n")), style="dim"))
        out.print(_side("yours", yours))
        out.print(_side("reference", row["reference"]))
        word, style = AGREE[row["agree"]]
        note = f" ({row['note']})" if row.get("note") else ""
        out.print(Text(f"  {word}{note}", style=style))
    for note in result.get("notes", []):
        out.print(inline(f"note: {_safe(note)}", style="yellow"))
    out.print(
        Text(
            "\nThe console is not a verdict: `mldrills test` runs the checks. "
            "Nothing was recorded.",
            style="dim",
        )
    )
