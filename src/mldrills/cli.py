"""The ``mldrills`` command: parses, calls the library, prints with Rich."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from mldrills import __version__
from mldrills.cli_clock import YesOpt, clock, run_start
from mldrills.cli_console import console
from mldrills.cli_design import design as design_command
from mldrills.cli_doctor import doctor
from mldrills.cli_drills import drill as drill_command
from mldrills.cli_guides import guide
from mldrills.cli_hints import editorial, giveup, hint
from mldrills.cli_mocks import mock_app, plan_command
from mldrills.cli_review import cards_app, review
from mldrills.cli_stories import behavioral, stories_app
from mldrills.cli_text import inline, markup
from mldrills.cli_worker import worker
from mldrills.errors import MldrillsError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Practice the machine-learning-engineer interview loop.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)
FileOpt = Annotated[Path | None, typer.Option(help="Grade this file, not the workspace.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
NoDaemonOpt = Annotated[
    bool,
    typer.Option(
        "--no-daemon", help="Grade with a judge of this command only, not the shared warm one."
    ),
]
STATUS_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold yellow"}


def _catalog() -> Any:
    from mldrills.content import Catalog

    return Catalog()


def _store() -> Any:
    from mldrills.store import Store

    store = Store()
    store.migrate()
    return store


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


@app.command("list")
def list_(
    area: Annotated[
        str | None, typer.Option(help="Only this syllabus area (llm, trees, ... or 1-10).")
    ] = None,
    difficulty: Annotated[str, typer.Option(help="easy, medium or hard.")] = "",
    status: Annotated[str, typer.Option(help="new, attempted, solved or due (for review).")] = "",
    sort: Annotated[
        str,
        typer.Option(
            help="topic, title, difficulty, status, solved, last, attempts or time; "
            "a leading - sorts descending (--sort=-last)."
        ),
    ] = "topic",
    as_json: JsonOpt = False,
) -> None:
    """List exercises with your progress: filter by area, difficulty and status, and sort."""
    from mldrills.practice.exercise_list import exercise_list, make_query

    catalog = _catalog()
    query = make_query(
        area=area or "", folders=catalog.areas(), difficulty=difficulty, status=status, sort=sort
    )
    exercises = catalog.all()
    for slug, problem in catalog.broken.items():
        err.print(f"[yellow]warning:[/] skipped broken exercise {slug}: {problem}", markup=True)
    store = _store()
    rows = exercise_list(store, store.local_user().id, [e.meta for e in exercises], query)
    if as_json:
        _print_json(rows)
        return
    _print_list(rows, len(exercises))


def _print_list(rows: list[dict[str, Any]], total: int) -> None:
    from mldrills.cli_list import print_list

    print_list(out, rows, total)


@app.command()
def show(slug: str) -> None:
    """Show an exercise's statement."""
    ex = _catalog().get(slug)
    m = ex.meta
    out.print(
        f"[bold]{m.title}[/]  ({m.area}, topic {m.topic}: {m.topic_name}; "
        f"{m.difficulty}; {m.time_minutes} min)"
    )
    from mldrills.terminal import TerminalMarkdown  # markdown-it: only when shown

    out.print(TerminalMarkdown(ex.statement))


@app.command()
def start(
    slug: str,
    restart: Annotated[
        bool, typer.Option("--restart", help="Set a started clock back to zero (asks first).")
    ] = False,
    yes: YesOpt = False,
) -> None:
    """Copy the starter into your workspace and start the clock (kept if already started)."""
    run_start(slug, restart, yes)


def _grade(slug: str, file: Path | None, as_json: bool, submit: bool, no_daemon: bool) -> None:
    from mldrills.practice import remote
    from mldrills.practice.workspace import read_solution

    catalog = _catalog()
    ex = catalog.get(slug)
    code = read_solution(slug, file)
    try:
        with _progress_line(not as_json):
            if remote.use_warm_judge(no_daemon):
                graded = remote.grade_warm(ex, code, submit=submit)
            else:
                graded = remote.grade_here(catalog, ex, code, submit=submit)
    except KeyboardInterrupt:
        # Hanging up tells a warm judge to stop this grade; nothing is recorded.
        err.print("cancelled: the submission was stopped before it finished; nothing recorded")
        raise typer.Exit(130) from None
    if graded.missing:
        err.print(
            markup(
                f"[yellow]warning:[/] grading without {', '.join(graded.missing)} isolation "
                "(`mldrills doctor` explains); fine for your own code on your own machine."
            )
        )
    result = graded.result
    if as_json:
        _print_json({**result.to_dict(), "attempt_id": graded.attempt_id, "judge": graded.judge})
    else:
        render_result(result)
    raise typer.Exit(0 if result.status == "pass" else 1)


@contextlib.contextmanager
def _progress_line(wanted: bool) -> Iterator[None]:
    """A live line on a terminal, "Running check 4 of 12: name", from this process's
    judge or the warm one's messages (hidden checks are not named)."""
    if not (wanted and err.is_terminal):
        yield
        return
    from rich.live import Live
    from rich.spinner import Spinner

    from mldrills.grading.progress import reporting
    from mldrills.judge.client import listening

    spinner = Spinner("dots", Text("Sending to the judge"))
    with Live(spinner, console=err, transient=True, refresh_per_second=12) as live:

        def show(progress: dict[str, Any]) -> None:
            spinner.update(text=Text(str(progress.get("text", ""))[:200]))
            live.refresh()  # every check is drawn, however fast it is

        with listening(show), reporting(lambda p: show(p.to_dict())):
            yield


@app.command()
def test(
    slug: str,
    file: FileOpt = None,
    as_json: JsonOpt = False,
    no_daemon: NoDaemonOpt = False,
) -> None:
    """Run the visible checks on your solution."""
    _grade(slug, file, as_json, submit=False, no_daemon=no_daemon)


@app.command()
def submit(
    slug: str,
    file: FileOpt = None,
    as_json: JsonOpt = False,
    no_daemon: NoDaemonOpt = False,
) -> None:
    """Run every check, hidden ones included, and record the attempt."""
    _grade(slug, file, as_json, submit=True, no_daemon=no_daemon)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``: learner output may carry
    escape sequences that would otherwise move the cursor, clear or retitle the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_diagnosis(d: Any) -> None:
    """Print the diagnosis of a failing result: the likely mistake, its evidence, one hint."""
    label = "internal error" if d.internal else "likely mistake"
    out.print(f"\n[bold]{label}:[/] ", end="")
    out.print(inline(visible(d.mistake)))
    out.print(f"[bold]evidence[/] ({visible(d.check)}):", markup=True, highlight=False)
    out.print(visible(d.evidence), markup=False)
    if d.hint:
        out.print(inline(f"hint: {visible(d.hint)}", style="cyan"))


def render_result(result: Any) -> None:
    """Print a judge result: the diagnosis first, one row per check, then the other failures."""
    style = STATUS_STYLE[result.status]
    kind = "submit (hidden checks included)" if result.hidden else "visible checks"
    counts = f"{result.passed}/{len(result.checks)} checks passed, " if result.checks else ""
    out.print(
        f"[{style}]{result.status.upper()}[/]  {result.slug}: {counts}{kind}, "
        f"{result.timings.get('total_ms', 0):.0f} ms"
    )
    if result.message:
        out.print(inline(visible(result.message), style="yellow"))
    shown = ""
    if result.diagnosis is not None:
        render_diagnosis(result.diagnosis)
        shown = result.diagnosis.check
        printed = next((c.output for c in result.checks if c.name == shown and c.output), "")
        if printed:  # what the learner printed during the diagnosed check
            out.print("your output:\n" + visible(printed), style="dim", markup=False)
        out.print()
    table = Table("check", "status", "ms", show_edge=False)
    for c in result.checks:
        name = c.name + ("  (hidden)" if c.hidden else "")
        table.add_row(name, f"[{STATUS_STYLE[c.status]}]{c.status}[/]", f"{c.duration_ms:.0f}")
    if result.checks:
        out.print(table)
    if getattr(result, "speed", None) is not None:
        out.print(f"[bold]speed:[/] {escape(result.speed.summary())}")
    others = [c for c in result.checks if c.status != "pass" and c.name != shown]
    if others and shown:
        out.print(f"\n[dim]other failing checks ({len(others)}), maybe from the same mistake:[/]")
    for c in others:
        out.print(f"\n[bold]{c.name}[/]", style=STATUS_STYLE[c.status])
        out.print(inline(visible(c.message)))
        if c.hint:
            out.print(inline(f"hint: {visible(c.hint)}", style="cyan"))
        if c.output:
            out.print("your output:\n" + visible(c.output), style="dim", markup=False)
    if result.output:
        out.print("your output:\n" + visible(result.output), style="dim", markup=False)


@app.command()
def history(
    slug: Annotated[str | None, typer.Argument(help="Only this exercise.")] = None,
    limit: int = 20,
    as_json: JsonOpt = False,
) -> None:
    """Show your recent attempts."""
    store = _store()
    if slug is not None:
        _catalog().get(slug)  # an unknown slug is an error, not an empty history
    rows = store.attempts(store.local_user().id, slug=slug, limit=limit)
    if as_json:
        _print_json([{**a.summary(), "created_at": a.created_at.isoformat()} for a in rows])
        return
    if not rows:
        out.print(markup("No attempts yet. `mldrills list` shows the exercises."))
        return
    table = Table("#", "when (UTC)", "exercise", "kind", "result", "checks", "time spent")
    for a in rows:
        spent = f"{a.time_spent_s / 60:.1f} min" if a.time_spent_s is not None else ""
        table.add_row(
            str(a.id),
            a.created_at.strftime("%Y-%m-%d %H:%M"),
            a.slug,
            a.kind,
            f"[{STATUS_STYLE[a.status]}]{a.status}[/]",
            f"{a.passed_checks}/{a.total_checks}" if a.total_checks else "did not run",
            spent,
        )
    out.print(table)


@app.command()
def check(
    slugs: Annotated[list[str] | None, typer.Argument(help="Exercises (default: all).")] = None,
    as_json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option(help="Only print problems and totals.")] = False,
    knowledge_only: Annotated[
        bool,
        typer.Option("--knowledge-only", help="Only the knowledge content and prompts."),
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option(min=0, help="Seed of the hidden checks' random inputs (default: fresh)."),
    ] = None,
) -> None:
    """Validate packs: every exercise (reference passes, every mutant caught by its named
    check) and, unless exercises are named, the syllabus, guides, decks, drills and prompts."""
    from mldrills.content.knowledge import validate_knowledge
    from mldrills.grading import Judge
    from mldrills.grading.validate import validate_all

    catalog = _catalog()
    reports = []
    if not knowledge_only:
        with Judge(catalog) as judge:
            reports = validate_all(judge, catalog, slugs or None, workers=judge.slots, seed=seed)
    with_knowledge = knowledge_only or not slugs
    knowledge = validate_knowledge(catalog.root, catalog) if with_knowledge else []
    bad = [r for r in reports if not r.ok]
    if as_json:
        _print_json(
            {
                "ok": not bad and not knowledge,
                "exercises": [r.to_dict() for r in reports],
                "totals": check_totals(reports),
                "knowledge": knowledge,
            }
        )
    else:
        if not knowledge_only:
            _print_check_reports(reports, quiet)
        for problem in knowledge:
            err.print(f"[red]problem[/] {problem}", markup=True, highlight=False)
        if with_knowledge:
            out.print(f"syllabus, guides, decks, drills and prompts: {len(knowledge)} problem(s)")
    raise typer.Exit(1 if bad or knowledge else 0)


def _print_check_reports(reports: list[Any], quiet: bool) -> None:
    table = Table(
        "exercise", "reference", "mutants caught", "named first", "alternatives", "s", "ok"
    )
    for r in reports:
        if quiet and r.ok:
            continue
        table.add_row(
            r.slug,
            r.reference,
            f"{r.mutants_caught}/{r.mutants_total}",
            f"{r.mutants_named_first}/{r.mutants_total}",
            f"{r.alternatives_passed}/{r.alternatives_total}",
            f"{r.seconds:.1f}",
            "[green]ok[/]" if r.ok else "[red]FAIL[/]",
        )
    if table.rows:
        out.print(table)
    bad = [r for r in reports if not r.ok]
    for r in bad:
        for p in r.problems:
            err.print(f"[red]problem[/] {p}", markup=True, highlight=False)
        err.print(f"  rerun with: mldrills check {r.slug} --seed {r.seed}", highlight=False)
    for r in reports:
        for m in r.misnamed:  # a mutant whose first diagnosis names another mistake
            out.print(f"[yellow]not named first[/] {r.slug}: {m}", highlight=False)
    out.print(f"{len(reports) - len(bad)} of {len(reports)} exercises valid")
    if reports:
        t = check_totals(reports)
        out.print(
            f"alternatives passed {t['alternatives_passed']}/{t['alternatives_total']}"
            f" ({_share(t['alternatives_passed'], t['alternatives_total'])}), "
            f"mutants caught {t['mutants_caught']}/{t['mutants_total']}"
            f" ({_share(t['mutants_caught'], t['mutants_total'])}), "
            f"named first {t['mutants_named_first']}/{t['mutants_total']}"
            f" ({_share(t['mutants_named_first'], t['mutants_total'])})"
        )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "none to count"


def check_totals(reports: list[Any]) -> dict[str, int]:
    """The item-12 figures summed over exercises (alternatives, mutants caught, named first)."""
    keys = ("alternatives_passed", "alternatives_total", "mutants_caught", "mutants_total")
    return {k: sum(getattr(r, k) for r in reports) for k in (*keys, "mutants_named_first")}


app.command()(doctor)


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    multi_user: Annotated[bool, typer.Option("--multi-user", help="Accounts and logins.")] = False,
    allow_unsandboxed: Annotated[
        bool, typer.Option(help="Multi-user without full isolation (unsafe).")
    ] = False,
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open a browser tab.")
    ] = False,
) -> None:
    """Run the web app (local single-user mode by default)."""
    from mldrills.web.server import run

    run(
        host=host,
        port=port,
        multi_user=multi_user,
        allow_unsandboxed=allow_unsandboxed,
        open_browser=open_browser,
    )


app.command("drill")(drill_command)
app.command()(worker)
app.command("design")(design_command)
app.command()(guide)
app.command()(clock)
app.command()(hint)
app.command()(giveup)
app.command()(editorial)
app.command()(console)


app.command()(review)
app.add_typer(cards_app, name="cards")
app.add_typer(stories_app, name="stories")
app.add_typer(mock_app, name="mock")
app.command("plan")(plan_command)
app.command()(behavioral)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def main() -> None:
    """Entry point: run the CLI; a user's mistake prints one line, never a traceback."""
    command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="mldrills", standalone_mode=False)
    except MldrillsError as exc:
        err.print(Text.assemble(("error:", "red"), " ", inline(exc.message)), highlight=False)
        if exc.hint:
            err.print(inline(f"hint: {exc.hint}"), highlight=False)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
