"""``mldrills stories`` (the story bank) and ``mldrills behavioral`` (prompt practice)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.table import Table

from mldrills.cli_text import markup
from mldrills.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
stories_app = typer.Typer(
    no_args_is_help=True,
    help="Your behavioral story bank: write, tag, analyze, find gaps, export.",
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
FileOpt = Annotated[
    Path | None, typer.Option("--file", help="Read from this file instead of $EDITOR/stdin.")
]
PART_STYLE = {"situation": "cyan", "task": "magenta", "action": "green", "result": "yellow"}


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _context() -> tuple[Any, int, Any]:
    """The store, the local user's id and the behavioral pack."""
    from mldrills.content.behavioral import load_behavioral
    from mldrills.store import Store

    store = Store()
    store.migrate()
    return store, store.local_user().id, load_behavioral()


def _read_text(file: Path | None, template: str) -> str:
    """The text from ``file``, else $EDITOR on a terminal, else all of stdin."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"cannot read {file}: {exc.strerror}") from None
    if sys.stdin.isatty():
        edited = click.edit(template, extension=".md")
        if edited is None or edited.strip() == template.strip():
            raise InvalidInput("nothing saved: the editor was closed without changes")
        return edited
    return sys.stdin.read()


def render_report(report: dict[str, Any]) -> None:
    """Print an analysis: sentences by part, findings with their sentences, advice."""
    for sentence in report["sentences"]:
        part = sentence["part"]
        tag = f"[{PART_STYLE[part]}]{part[0].upper()}[/]" if part else "[dim]·[/]"
        out.print(f" {tag} {sentence['text']}", highlight=False)
    table = Table("part", "present", "share")
    for part in report["parts"]:
        mark = "[green]yes[/]" if part["present"] else "[red]no[/]"
        table.add_row(part["name"], mark, f"{part['share']:.0%}")
    out.print(table)
    for finding in report["findings"]:
        mark = "[green]✓[/]" if finding["present"] else "[red]✗[/]"
        out.print(f"{mark} {finding['name']}: {finding['note']}")
        for sentence in finding["evidence"][:2]:
            out.print(f"    “{sentence}”", style="dim", markup=False)
    minutes, seconds = divmod(report["speaking_seconds"], 60)
    out.print(
        f"{report['words']} words: about {minutes}:{seconds:02d} aloud "
        f"at {report['words_per_minute']} words per minute."
    )
    for tip in [*report["advice"], *report.get("metric_notes", [])]:
        out.print(f"• {tip}", markup=False)


@stories_app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List your stories with their principles."""
    store, user, _pack = _context()
    rows = store.stories(user)
    if as_json:
        _print_json([s.to_dict() for s in rows])
        return
    if not rows:
        out.print(markup("No stories yet: `mldrills stories add` writes one."))
        return
    table = Table("id", "title", "principles", "metrics", "updated")
    for s in rows:
        table.add_row(
            str(s.id),
            s.title,
            ", ".join(s.principles),
            str(len(s.metrics)),
            s.updated_at.strftime("%Y-%m-%d"),
        )
    out.print(table)


@stories_app.command()
def add(file: FileOpt = None, as_json: JsonOpt = False) -> None:
    """Write a new story (in $EDITOR, or from stdin or --file)."""
    from mldrills.practice.stories import parse_story_text, save_story, story_text

    store, user, pack = _context()
    draft = parse_story_text(_read_text(file, story_text(None, pack)))
    saved = save_story(store, user, pack, draft, None)
    if as_json:
        _print_json(saved.to_dict())
        return
    out.print(f"Saved story {saved.id}: {saved.title}")
    out.print(markup(f"`mldrills stories analyze {saved.id}` checks its STAR structure."))


@stories_app.command()
def edit(story_id: int, file: FileOpt = None, as_json: JsonOpt = False) -> None:
    """Edit a story (in $EDITOR, or replace it from stdin or --file)."""
    from mldrills.practice.stories import parse_story_text, save_story, story_text

    store, user, pack = _context()
    current = store.story(user, story_id)
    draft = parse_story_text(_read_text(file, story_text(current, pack)))
    saved = save_story(store, user, pack, draft, story_id)
    if as_json:
        _print_json(saved.to_dict())
        return
    out.print(f"Saved story {saved.id}: {saved.title}")


@stories_app.command()
def show(story_id: int, as_json: JsonOpt = False) -> None:
    """Show a story with its principles and metrics."""
    from mldrills.practice.stories import story_text

    store, user, pack = _context()
    story = store.story(user, story_id)
    if as_json:
        _print_json(story.to_dict())
        return
    out.print(story_text(story, pack).split("\n", 2)[2], markup=False)


@stories_app.command()
def delete(
    story_id: int,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a story."""
    store, user, _pack = _context()
    story = store.story(user, story_id)
    if not yes and not typer.confirm(f"Delete story {story.id} ({story.title})?"):
        raise typer.Exit(1)
    store.delete_story(user, story_id)
    out.print(f"Deleted story {story_id}.")


@stories_app.command()
def analyze(
    story_id: Annotated[
        int | None, typer.Argument(help="A stored story; omit to read text.")
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """STAR analysis of a stored story, or of text from --file or stdin."""
    from mldrills.practice.stories import analysis

    if story_id is not None:
        store, user, _pack = _context()
        story = store.story(user, story_id)
        report = analysis(story.text, story.metrics)
    else:
        text = _read_text(file, "")
        if not text.strip():
            raise InvalidInput("no text to analyze")
        report = analysis(text)
    if as_json:
        _print_json(report)
    else:
        render_report(report)


@stories_app.command()
def matrix(as_json: JsonOpt = False) -> None:
    """Stories against principles and prompts; the gaps to fill."""
    from mldrills.practice.stories import matrix as build

    store, user, pack = _context()
    data = build(pack, store.stories(user))
    if as_json:
        _print_json(data)
        return
    ids = [str(s["id"]) for s in data["stories"]]
    table = Table("principle", *ids, "stories")
    for row in data["principles"]:
        marks = ["●" if int(i) in row["stories"] else "" for i in ids]
        count = str(len(row["stories"])) if row["stories"] else "[red]gap[/]"
        table.add_row(row["title"], *marks, count)
    out.print(table)
    for s in data["stories"]:
        out.print(f"  {s['id']}: {s['title']}", markup=False)
    missing = [p["title"] for p in data["prompts"] if not p["stories"]]
    out.print(f"Prompts with no matching story ({len(missing)}):")
    for title in missing:
        out.print(f"  • {title}", markup=False)


@stories_app.command()
def export(
    out_file: Annotated[Path | None, typer.Option("--out", help="Write here, not stdout.")] = None,
) -> None:
    """Export the bank as Markdown."""
    from mldrills.practice.stories import export_markdown

    store, user, pack = _context()
    text = export_markdown(pack, store.stories(user))
    if out_file is None:
        sys.stdout.write(text)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write {out_file}: {exc.strerror}") from None
    out.print(f"Wrote {out_file}")


def _prompt_table(pack: Any) -> None:
    table = Table("slug", "prompt", "principles")
    for p in pack.prompts:
        table.add_row(p.slug, p.title, ", ".join(p.principles))
    out.print(table)


def _read_answer(file: Path | None) -> str:
    if file is not None:
        return _read_text(file, "")
    if sys.stdin.isatty():
        out.print("Answer as you would aloud; finish with Ctrl-D on an empty line.", style="dim")
    return sys.stdin.read()


def behavioral(
    slug: Annotated[
        str | None, typer.Argument(help="A prompt slug; omit for a random one.")
    ] = None,
    list_prompts: Annotated[bool, typer.Option("--list", help="List the prompts.")] = False,
    principle: Annotated[
        str | None, typer.Option(help="A random prompt probing this principle.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed for the random choice.")] = None,
    answer: Annotated[
        Path | None, typer.Option("--answer", help="Read the answer from this file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a behavioral prompt; get the STAR analysis and the follow-ups to expect."""
    from mldrills.practice.behavioral import answer_feedback, pick_prompts

    store, user, pack = _context()
    if list_prompts:
        if as_json:
            _print_json([p.to_dict() for p in pack.prompts])
        else:
            _prompt_table(pack)
        return
    wanted = [principle] if principle else None
    prompt = pack.prompt(slug) if slug else pick_prompts(pack, 1, seed=seed, principles=wanted)[0]
    if not as_json:
        out.print(f"[bold]{prompt.title}[/]  (probes: {', '.join(prompt.principles)})")
        out.print(prompt.question, markup=False)
    text = _read_answer(answer)
    feedback = answer_feedback(prompt, text, store.stories(user))
    data = feedback.to_dict()
    if as_json:
        _print_json(data)
        return
    _render_feedback(data)


def _render_feedback(data: dict[str, Any]) -> None:
    """The analysis of an answer, what a strong one has, follow-ups and fitting stories."""
    out.print()
    render_report(data["analysis"])
    out.print("\n[bold]A strong answer has:[/]")
    for item in data["look_for"]:
        out.print(f"  • {item}", markup=False)
    out.print("[bold]Follow-ups to expect:[/]")
    for item in data["follow_ups"]:
        out.print(f"  • {item}", markup=False)
    if data["matching_stories"]:
        titles = ", ".join(f"{s['id']} ({s['title']})" for s in data["matching_stories"])
        out.print(f"Stories in your bank that fit: {titles}", markup=False)
