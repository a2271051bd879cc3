"""``mldrills design``: timed system-design practice in the terminal, with rubric feedback."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.table import Table

from mldrills.cli_text import markup
from mldrills.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)
END_MARK = "."  # a line with only this ends a phase's notes when typing in the terminal


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _list(as_json: bool) -> None:
    from mldrills.practice.design import list_prompts

    prompts, problems = list_prompts()
    for problem in problems:
        err.print(f"[yellow]warning:[/] skipped broken prompt: {problem}", markup=True)
    if as_json:
        _print_json([p.to_dict(full=False) for p in prompts])
        return
    table = Table("slug", "title", "areas", "level")
    for p in prompts:
        table.add_row(p.slug, p.title, ", ".join(p.areas), p.difficulty)
    out.print(table)
    out.print(markup("`mldrills design SLUG` starts a timed session."), style="dim")


def _list_sessions(slug: str | None, as_json: bool) -> None:
    from mldrills.store import Store

    store = Store()
    store.migrate()
    records = store.design_sessions(store.local_user().id, slug=slug)
    if as_json:
        _print_json([r.to_dict() for r in records])
        return
    if not records:
        out.print(markup("No design sessions yet. `mldrills design SLUG` starts one."))
        return
    table = Table("session", "prompt", "started (UTC)", "state")
    for r in records:
        state = "finished" if r.finished_at else f"in progress ({r.phases[r.phase]['title']})"
        table.add_row(str(r.id), r.slug, r.created_at.strftime("%Y-%m-%d %H:%M"), state)
    out.print(table)
    out.print(
        markup("`mldrills design SLUG --session ID` continues or re-grades one."), style="dim"
    )


def _show_prompt(prompt: Any, record: Any) -> None:
    out.print(f"\n[bold]{prompt.title}[/]  (session {record.id})")
    out.print(prompt.prompt, markup=False)
    plan = ", ".join(f"{p['title']} {p['minutes']:g} min" for p in record.phases)
    out.print(f"Phases: {plan}", style="dim", markup=False)


def _type_phase(store: Any, user_id: int, record: Any, phase: dict[str, Any]) -> None:
    """Read one phase's notes line by line, saving after every line."""
    from mldrills.practice.design import save_notes, set_phase

    set_phase(store, user_id, record.id, str(phase["id"]))
    out.print(f"\n[bold]{phase['title']}[/] ({phase['minutes']:g} min): {phase['guidance']}")
    out.print(f"Type your notes; a line with only '{END_MARK}' ends the phase.", style="dim")
    lines = [record.notes.get(phase["id"], "")] if record.notes.get(phase["id"]) else []
    while (line := sys.stdin.readline()) and line.strip() != END_MARK:
        lines.append(line.rstrip("\n"))
        save_notes(store, user_id, record.id, str(phase["id"]), "\n".join(lines))


def _edit_phase(store: Any, user_id: int, record: Any, phase: dict[str, Any]) -> None:
    """Open $EDITOR on one phase's notes and save what comes back."""
    from mldrills.practice.design import save_notes, set_phase

    set_phase(store, user_id, record.id, str(phase["id"]))
    header = f"# {phase['title']} ({phase['minutes']:g} min): {phase['guidance']}\n"
    edited = click.edit(header + record.notes.get(phase["id"], ""), extension=".md")
    if edited is not None:
        text = edited.removeprefix(header)
        save_notes(store, user_id, record.id, str(phase["id"]), text)


def _write_sectioned(store: Any, user_id: int, record: Any, text: str) -> None:
    """Notes from a pipe: '## <phase>' headings place each part, '## diagram' the sketch."""
    from mldrills.practice.design import save_diagram, save_notes, split_sections

    parts = split_sections(
        text, [str(p["id"]) for p in record.phases], record.phases[record.phase]["id"]
    )
    for phase, body in parts.items():
        if phase == "diagram":
            save_diagram(store, user_id, record.id, body)
        else:
            save_notes(store, user_id, record.id, phase, body)


def _show_feedback(fb: Any, record: Any) -> None:
    from mldrills.practice import diagram as dg

    if record.diagram.strip():
        out.print("\n[bold]Your sketch[/]")
        out.print(dg.to_text(dg.parse(record.diagram)), markup=False)
    out.print(f"\n[bold]Rubric coverage {fb.coverage:.0%}[/]")
    out.print(
        "✓ made (with the sentence that made it); ✗ not found: a point put in unusual words "
        "can be missed, so check those yourself.",
        style="dim",
    )
    for section in fb.sections:
        out.print(f"[bold]{section.title}[/] {section.made}/{len(section.points)}")
        for p in section.points:
            mark = "[green]✓[/]" if p.result.made else "[red]✗[/]"
            out.print(f"  {mark} ", end="")
            out.print(p.result.point, markup=False)
            if p.result.made and p.result.evidence:
                out.print(f'      "{p.result.evidence}" ({p.phase})', style="dim", markup=False)
            elif p.result.reason:
                out.print(
                    f"      {p.result.reason}: {p.result.evidence}", style="yellow", markup=False
                )
    out.print("\n[bold]Follow-ups to practise[/]")
    for question in fb.follow_ups:
        out.print(f"  - {question}", markup=False)


def _show_reference(prompt: Any) -> None:
    out.print("\n[bold]Clarifying questions a strong candidate asks[/]")
    for q in prompt.clarifying:
        out.print(f"  - {q}", markup=False)
    out.print("\n[bold]Reference outline[/]")
    out.print(prompt.outline, markup=False)
    if prompt.numbers:
        out.print("\n[bold]Back-of-envelope numbers[/]")
        for n in prompt.numbers:
            out.print(f"  {n.label}: {n.text}   ({n.expr})", markup=False)


def _assess(store: Any, user_id: int, record: Any, assess: str | None, interactive: bool) -> Any:
    from mldrills.practice.design import SELF_ASSESSMENT, finish, parse_assessment

    if assess is not None:
        return finish(store, user_id, record.id, parse_assessment(assess))
    if not interactive:
        return finish(store, user_id, record.id)
    out.print(
        "\n[bold]Self-assessment[/]: rate each from 1 (not at all) to 4 (fully); Enter skips."
    )
    answers = {}
    for item, statement in SELF_ASSESSMENT:
        out.print(f"  {statement} ", end="", markup=False)
        answers[item] = sys.stdin.readline().strip()
    if not any(answers.values()):
        return finish(store, user_id, record.id)
    return finish(store, user_id, record.id, answers)


def _session(store: Any, user_id: int, slug: str, session: int | None, minutes: str | None) -> Any:
    from mldrills.practice.design import parse_minutes, start

    if session is not None:
        record = store.design_session(user_id, session)
        if record.slug != slug:
            raise InvalidInput(f"session {session} is on {record.slug!r}, not {slug!r}")
        return record
    return start(store, user_id, slug, parse_minutes(minutes) if minutes else None)


def _practise(store: Any, user_id: int, record: Any, editor: bool) -> Any:
    """Walk through the phases in the terminal, then ask for a sketch."""
    for phase in record.phases:
        (_edit_phase if editor else _type_phase)(store, user_id, record, phase)
        record = store.design_session(user_id, record.id)
    out.print(
        markup(
            "\n[bold]Sketch[/] (optional): one arrow per line, like `client -> api: HTTPS`; "
            "'.' ends."
        )
    )
    lines = []
    while (line := sys.stdin.readline()) and line.strip() != END_MARK:
        lines.append(line.rstrip("\n"))
        store.save_design_diagram(user_id, record.id, "\n".join(lines))
    return store.design_session(user_id, record.id)


def design(
    slug: Annotated[str | None, typer.Argument(help="Prompt slug; none lists the prompts.")] = None,
    session: Annotated[
        int | None, typer.Option(help="Continue this session instead of starting one.")
    ] = None,
    minutes: Annotated[str | None, typer.Option(help="Phase lengths, e.g. 5,10,20,5.")] = None,
    editor: Annotated[bool, typer.Option("--editor", help="Write each phase in $EDITOR.")] = False,
    assess: Annotated[
        str | None, typer.Option(help="Self-assessment, e.g. clarified=3,structure=2,...")
    ] = None,
    reference: Annotated[
        bool, typer.Option("--reference", help="Also show the reference outline.")
    ] = False,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="List your sessions (of SLUG, if given).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """System design: a timed session in phases, your notes saved as you type, rubric feedback.

    Piped input is read as notes with '## clarify', '## high-level', '## deep-dives',
    '## wrap-up' and '## diagram' headings.
    """
    if sessions:
        _list_sessions(slug, as_json)
    elif slug is None:
        _list(as_json)
    else:
        prompt, record = _run(slug, session, minutes, editor, assess, as_json)
        _present(prompt, record, as_json, reference)


def _run(
    slug: str,
    session: int | None,
    minutes: str | None,
    editor: bool,
    assess: str | None,
    as_json: bool,
) -> tuple[Any, Any]:
    """Start or continue a session, take the notes (typed, edited or piped), close it."""
    from mldrills.content.prompts import get_prompt
    from mldrills.store import Store

    prompt = get_prompt(slug)
    store = Store()
    store.migrate()
    user_id = store.local_user().id
    record = _session(store, user_id, slug, session, minutes)
    interactive = not as_json and sys.stdin.isatty()
    if not as_json:
        _show_prompt(prompt, record)
    if interactive or editor:
        record = _practise(store, user_id, record, editor)
    elif not sys.stdin.isatty():
        _write_sectioned(store, user_id, record, sys.stdin.read())
    record = store.design_session(user_id, record.id)
    return prompt, _assess(store, user_id, record, assess, interactive)


def _present(prompt: Any, record: Any, as_json: bool, reference: bool) -> None:
    """Grade the session and print the feedback (and the reference, if asked)."""
    from mldrills.practice.design import clock, feedback

    fb = feedback(record)
    if as_json:
        data = {"session": record.to_dict(), "clock": clock(record), "prompt": prompt.to_dict()}
        _print_json({**data, "feedback": fb.to_dict()})
        return
    _show_feedback(fb, record)
    if reference:
        _show_reference(prompt)
