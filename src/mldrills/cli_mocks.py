"""``mldrills mock`` and ``mldrills plan``: timed mock loops and the study plan in the terminal.

Each line typed is stored before the next is read, so a killed terminal loses nothing;
``mldrills mock resume`` continues the round under way with its clock where it stopped.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from mldrills.cli_text import markup
from mldrills.errors import InvalidInput, NotFound

mock_app = typer.Typer(help="Timed mock interview loops: screen or onsite.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
END_MARK = "."  # a line with only this ends an answer
PAUSE_MARK = ":pause"  # pauses the round's clock until Enter
QUIT_MARK = ":quit"  # leaves the mock to resume later
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Reproducible choice of rounds.")]
MinutesOpt = Annotated[
    str | None, typer.Option("--minutes", help="Round lengths, e.g. ml=20,coding=40,design=45.")
]


class _Quit(Exception):
    """The learner typed :quit."""


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _context() -> tuple[Any, int]:
    from mldrills.store import Store

    store = Store()
    store.migrate()
    return store, store.local_user().id


def _grade_code(slug: str, code: str) -> dict[str, Any]:
    from mldrills.content import Catalog
    from mldrills.practice import remote

    catalog = Catalog()
    exercise = catalog.get(slug)
    if remote.use_warm_judge(False):
        graded = remote.grade_warm(exercise, code, submit=True)
    else:
        graded = remote.grade_here(catalog, exercise, code, submit=True)
    return graded.result.to_dict()


def _clock_line(round_: Any) -> str:
    from mldrills.practice import mocks

    c = mocks.clock(round_)
    left = c["left_s"]
    state = "running" if c["running"] else "paused"
    sign = "" if left >= 0 else "over by "
    tail = "left" if left >= 0 else ""
    return f"[{round_.title}] clock {state}: {sign}{abs(left) / 60:.1f} min {tail}"


def _read_answer(store: Any, user_id: int, mock_id: int, item: Any, part: str) -> None:
    """Read lines until END_MARK, saving the whole text after every line."""
    from mldrills.practice import mocks

    lines = item.answers.get(part, "").splitlines()
    if lines:
        out.print(f"(already typed, {len(lines)} line(s); new lines are added)", style="dim")
    while True:
        line = sys.stdin.readline()
        if not line or line.strip() == END_MARK:
            return
        if line.strip() == QUIT_MARK:
            raise _Quit
        if line.strip() == PAUSE_MARK:
            mocks.pause(store, user_id, mock_id)
            out.print("Clock paused. Press Enter to resume.")
            sys.stdin.readline()
            mocks.pause(store, user_id, mock_id, running=True)
            continue
        lines.append(line.rstrip("\n"))
        mocks.save_answer(store, user_id, mock_id, item.id, "\n".join(lines), part)


def _ask(store: Any, user_id: int, mock_id: int, round_: Any, item: Any) -> None:
    from mldrills.practice import mocks
    from mldrills.practice.mocks import Packs

    packs = Packs.load()
    if item.kind == "card":
        card = packs.cards.get(item.ref)
        out.print(f"\n[bold]Question:[/] {card.question if card else item.ref}")
        _read_answer(store, user_id, mock_id, item, "")
    elif item.kind == "exercise":
        _ask_code(store, user_id, mock_id, item, packs)
    elif item.kind == "design":
        from mldrills.content.prompts import get_prompt

        prompt = get_prompt(item.ref)
        out.print(f"\n[bold]Design:[/] {prompt.title}\n{prompt.prompt}")
        for phase in mocks.design_phases(round_):
            out.print(f"\n[bold]{phase.title}[/] (~{phase.minutes:.0f} min): {phase.guidance}")
            _read_answer(store, user_id, mock_id, item, phase.id)
    else:
        from mldrills.content.behavioral import load_behavioral

        story = load_behavioral().prompt(item.ref)
        out.print(f"\n[bold]Behavioral:[/] {story.question}")
        _read_answer(store, user_id, mock_id, item, "")


def _ask_code(store: Any, user_id: int, mock_id: int, item: Any, packs: Any) -> None:
    from mldrills.practice import mocks
    from mldrills.practice.workspace import read_solution

    exercise = packs.catalog.get(item.ref)
    path = mocks.code_file(mock_id, item, exercise.path / "starter.py")
    out.print(f"\n[bold]Coding:[/] {exercise.meta.title}\n{exercise.statement}")
    out.print(f"Edit {path}; press Enter to hand it in ({QUIT_MARK} to stop here).")
    line = sys.stdin.readline()
    code = read_solution(item.ref, path)
    mocks.save_answer(store, user_id, mock_id, item.id, code)
    if line.strip() == QUIT_MARK:
        raise _Quit


def _run(store: Any, user_id: int, mock_id: int) -> None:
    from mldrills.practice import mock_grading, mocks

    record = store.mock(user_id, mock_id)
    out.print(
        markup(
            f"Mock {mock_id} ({record.kind}). End each answer with a line '{END_MARK}'; "
            f"'{PAUSE_MARK}' pauses the clock, '{QUIT_MARK}' stops "
            "(resume with `mldrills mock resume`)."
        )
    )
    while (round_ := mocks.current_round(record)) is not None:
        mocks.pause(store, user_id, mock_id, running=True)
        round_ = store.mock(user_id, mock_id).rounds[round_.position]
        out.print(
            f"\n[bold]Round {round_.position + 1}: {round_.title}[/] ({round_.minutes:g} min)"
        )
        out.print(_clock_line(round_))
        try:
            for item in round_.items:
                _ask(store, user_id, mock_id, round_, item)
        except _Quit:
            mocks.pause(store, user_id, mock_id)
            out.print(
                markup(f"Stopped; everything typed is saved. `mldrills mock resume {mock_id}`.")
            )
            return
        out.print("Grading the round...")
        record = mock_grading.finish_round(store, user_id, mock_id, _grade_code)
        result = record.rounds[round_.position].result or {}
        minutes = result.get("used_s", 0) / 60
        out.print(f"Round score {result.get('score', 0):.0%}, {minutes:.1f} min used.")
    render_report(record.report or {})


def render_report(report: dict[str, Any]) -> None:
    """Print a mock's report: rounds, weak areas, next items."""
    table = Table("round", "area", "score", "behavioral", "time used", "limit")
    for r in report.get("rounds", []):
        told = r.get("behavioral_score")
        table.add_row(
            f"{r['position']}. {r['title']}",
            r.get("area") or "-",
            f"{r['score']:.0%}" if r.get("score") is not None else "-",
            f"{told:.0%}" if told is not None else "-",
            f"{float(r['used_s']) / 60:.1f} min" + (" (over)" if r.get("over") else ""),
            f"{r['minutes']:g} min",
        )
    out.print(table)
    weak = report.get("weak_areas", [])
    out.print("Weak areas: " + (", ".join(w["area"] for w in weak) or "none this time"))
    for item in report.get("next", []):
        out.print(f"  - {item['title']}  ({item['link']})")


def _start(
    kind: str, seed: int | None, minutes: str | None, as_json: bool, coding_rounds: int = 1
) -> None:
    from mldrills.practice import mocks, plan

    store, user_id = _context()
    parsed = mocks.parse_minutes(minutes)
    mocks.sequence_of(kind, coding_rounds)
    weak = _weakness(store, user_id, plan)
    record = mocks.start(
        store,
        user_id,
        kind,
        weakness=weak,
        seed=seed,
        minutes=parsed,
        coding_rounds=coding_rounds,
    )
    if as_json:
        _print_json(_summary(record))
        return
    _run(store, user_id, record.id)


def _weakness(store: Any, user_id: int, plan: Any) -> dict[str, float]:
    from mldrills.content import Catalog

    catalog = Catalog()
    metas = [e.meta for e in catalog.all()]
    inputs = plan.gather(store, user_id, catalog.root, metas, store.stats(user_id))
    result: dict[str, float] = plan.weakness([i.progress for i in inputs], store.mocks(user_id))
    return result


def _summary(record: Any) -> dict[str, Any]:
    from mldrills.practice import mocks

    return {
        "id": record.id,
        "kind": record.kind,
        "seed": record.seed,
        "created_at": record.created_at,
        "finished_at": record.finished_at,
        "current": record.current,
        "rounds": [
            {
                "id": r.id,
                "title": r.title,
                "kind": r.kind,
                "area": r.area,
                "minutes": r.minutes,
                "clock": mocks.clock(r),
                "items": [
                    {"id": i.id, "kind": i.kind, "ref": i.ref, "answers": i.answers}
                    for i in r.items
                ],
            }
            for r in record.rounds
        ],
    }


@mock_app.command()
def screen(seed: SeedOpt = None, minutes: MinutesOpt = None, as_json: JsonOpt = False) -> None:
    """A phone screen: ML fundamentals then a coding exercise (about an hour)."""
    _start("screen", seed, minutes, as_json)


@mock_app.command()
def onsite(
    seed: SeedOpt = None,
    minutes: MinutesOpt = None,
    coding_rounds: Annotated[
        int, typer.Option("--coding-rounds", help="1, or 2 for a second coding round at the end.")
    ] = 1,
    as_json: JsonOpt = False,
) -> None:
    """An onsite loop: ML depth, coding, system design, ML depth; behavioral in every round."""
    _start("onsite", seed, minutes, as_json, coding_rounds)


@mock_app.command()
def resume(mock_id: Annotated[int | None, typer.Argument()] = None) -> None:
    """Continue a mock where it stopped (the latest unfinished one by default)."""
    store, user_id = _context()
    if mock_id is None:
        open_ = [m for m in store.mocks(user_id) if m.finished_at is None]
        if not open_:
            raise NotFound("no unfinished mock", hint="`mldrills mock screen` starts one")
        mock_id = open_[0].id
    if store.mock(user_id, mock_id).finished_at is not None:
        raise InvalidInput(f"mock {mock_id} is finished", hint=f"`mldrills mock report {mock_id}`")
    _run(store, user_id, mock_id)


@mock_app.command()
def report(mock_id: int, as_json: JsonOpt = False) -> None:
    """The report of a finished mock."""
    store, user_id = _context()
    record = store.mock(user_id, mock_id)
    if record.report is None:
        raise InvalidInput(
            f"mock {mock_id} is not finished", hint=f"`mldrills mock resume {mock_id}`"
        )
    if as_json:
        _print_json({"id": mock_id, **record.report})
    else:
        render_report(record.report)


@mock_app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """Your mocks, newest first."""
    store, user_id = _context()
    records = store.mocks(user_id)
    rows = [
        {
            "id": m.id,
            "kind": m.kind,
            "started": m.created_at.strftime("%Y-%m-%d %H:%M"),
            "state": "finished" if m.finished_at else f"round {m.current + 1} of {len(m.rounds)}",
            "score": (m.report or {}).get("score"),
        }
        for m in records
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "kind", "started (UTC)", "state", "score")
    for r in rows:
        score = f"{r['score']:.0%}" if r["score"] is not None else "-"
        table.add_row(str(r["id"]), r["kind"], r["started"], r["state"], score)
    out.print(table)


def plan_command(
    date: Annotated[str | None, typer.Option("--date", help="Interview date, YYYY-MM-DD.")] = None,
    hours: Annotated[float | None, typer.Option("--hours", help="Hours per day.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Your study plan until the interview, and what to do today."""
    from mldrills.content import Catalog
    from mldrills.practice import plan

    store, user_id = _context()
    if date is not None or hours is not None:
        stored = store.study_plan_settings(user_id)
        if (date is None or hours is None) and stored is None:
            raise InvalidInput("give both --date and --hours the first time")
        chosen = plan.parse_date(date) if date else plan.parse_date(stored[0])
        plan.set_plan(store, user_id, chosen, hours if hours is not None else stored[1])
    catalog = Catalog()
    metas = [e.meta for e in catalog.all()]
    data = plan.for_user(store, user_id, catalog.root, metas, store.stats(user_id))
    if data is None:
        raise InvalidInput("no study plan yet", hint="`mldrills plan --date YYYY-MM-DD --hours 2`")
    if as_json:
        _print_json(data)
        return
    out.print(
        f"{data['days_left']} day(s) to the interview on {data['interview_date']}, "
        f"{data['hours_per_day']:g} h a day."
    )
    table = Table("area", "weakness", "minutes until then")
    for a in data["areas"]:
        table.add_row(a["title"], f"{a['weakness']:.2f}", str(a["minutes"]))
    out.print(table)
    out.print(f"[bold]Today[/] (~{data['minutes_today']} min):")
    for item in data["items"]:
        out.print(f"  - {item['title']} ({item['minutes']} min)  {item['link']}")
