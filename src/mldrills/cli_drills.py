"""``mldrills drill``: pose numeric drills in the terminal, read answers, explain."""

from __future__ import annotations

import json
import sys
import time
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from mldrills.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)
VERDICT_STYLE = {"correct": "bold green", "close": "bold yellow", "mistake": "bold red"}
VERDICT_STYLE["wrong"] = "bold red"
MAX_TRIES = 3


def _read(prompt: str, interactive: bool) -> str | None:
    """One line from stdin (None at end of input); the prompt only for a person."""
    if interactive:
        out.print(prompt, end="", markup=False)
    line = sys.stdin.readline()
    return None if line == "" else line.strip()


def _show_question(data: dict[str, Any], number: str) -> None:
    from mldrills.practice.drills import to_text

    out.print(f"\n[bold]{number}{data['title']}[/]  ({data['area']}, {data['difficulty']})")
    out.print(to_text(data["question"]), markup=False)
    out.print(data["answer_hint"], style="dim", markup=False)


def _show_feedback(feedback: Any, solution: dict[str, Any]) -> None:
    from mldrills.practice.drills import to_text

    out.print(
        f"[{VERDICT_STYLE[feedback.verdict]}]{feedback.verdict.upper()}[/]  {feedback.message}"
    )
    if feedback.hint:
        out.print("hint: " + to_text(feedback.hint), style="cyan", markup=False)
    out.print(f"expected {feedback.expected_text}; you gave {feedback.given_text}", markup=False)
    out.print("[bold]Worked solution[/]")
    for step in solution["steps"]:
        out.print("  " + to_text(step["text"]).replace("\n", "\n  "), markup=False)


def _answer(instance: Any, given: str | None, interactive: bool) -> tuple[str, Any] | None:
    """Read answers until one parses; None if input ends first."""
    from mldrills.practice.drills import check

    for _ in range(MAX_TRIES if interactive else 1):
        text = given if given is not None else _read("your answer> ", interactive)
        if text is None:
            return None
        try:
            return text, check(instance, text)
        except InvalidInput as exc:
            if not interactive:
                raise
            err.print(f"[red]error:[/] {exc.message}")
            if exc.hint:
                err.print(f"hint: {exc.hint}", markup=False)
    return None


def _one(store: Any, user_id: int, instance: Any, given: str | None, as_json: bool) -> Any:
    """Pose one instance, grade it and record it; the result as data for --json."""
    from mldrills.practice.drills import describe, record, solution

    data = describe(instance)
    interactive = not as_json and given is None and sys.stdin.isatty()
    if not as_json:
        _show_question(data, "")
    started = time.monotonic()
    try:
        got = _answer(instance, given, interactive)
    except InvalidInput as exc:
        if not as_json:
            raise
        return {"drill": data, "answer": given, "error": exc.to_dict()}
    if got is None:
        return {"drill": data, "answer": None}
    text, feedback = got
    attempt = record(store, user_id, instance, text, feedback, time.monotonic() - started)
    if not as_json:
        _show_feedback(feedback, solution(instance))
    return {
        "drill": data,
        "answer": text,
        "feedback": feedback.to_dict(),
        "solution": solution(instance),
        "attempt_id": attempt.id,
    }


def _list(drills: Any, area: str | None, as_json: bool) -> None:
    rows = [d.to_dict() for d in drills.all(area)]
    for slug, problem in drills.broken.items():
        err.print(f"[yellow]warning:[/] skipped broken drill {slug}: {problem}", markup=True)
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("slug", "title", "area", "level", "answer in")
    for r in rows:
        table.add_row(r["slug"], r["title"], r["area"], r["difficulty"], r["unit"] or r["kind"])
    out.print(table)


def drill(
    area: Annotated[str | None, typer.Argument(help="Syllabus area, e.g. transformers.")] = None,
    slug: Annotated[str | None, typer.Option(help="This drill only.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the (first) instance.")] = None,
    count: Annotated[int, typer.Option(min=1, max=100, help="How many drills.")] = 1,
    answer: Annotated[str | None, typer.Option(help="Answer given up front (one drill).")] = None,
    list_only: Annotated[bool, typer.Option("--list", help="List the drills and stop.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Numeric drills: a seeded question, your answer, a verdict and the worked solution."""
    from mldrills.content.drills import DrillSet
    from mldrills.practice.drills import pick
    from mldrills.store import Store

    if answer is not None and count != 1:
        raise InvalidInput("--answer answers one drill; leave out --count")
    drills = DrillSet()
    if list_only:
        _list(drills, area, as_json)
        return
    store = Store()
    store.migrate()
    user_id = store.local_user().id
    results = []
    for i in range(count):
        instance = pick(drills, area=area, slug=slug, seed=None if seed is None else seed + i)
        result = _one(store, user_id, instance, answer, as_json)
        results.append(result)
        if result.get("answer") is None:
            break
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2, default=str) + "\n")
