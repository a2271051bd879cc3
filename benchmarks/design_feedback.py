"""Benchmark design feedback: rubric coverage against labelled notes (benchmarks/data/).

    python benchmarks/design_feedback.py                 # lexical and combined graders
    python benchmarks/design_feedback.py --method lexical
    python benchmarks/design_feedback.py --errors        # every point the grader got wrong

Each labelled set of notes (two per prompt: one strong, one weak) says which rubric points
a human reader judges it to make. The notes are graded exactly as a session is
(mldrills.practice.design: phase by phase, a point counts when any phase makes it).
Prints per-section precision and recall of "point made" (over all sets, and over the
"plain" sets, which say the points in everyday words), then how the coverage separates
strong from weak notes: mean coverage per kind, Pearson correlation of coverage with the
label (strong = 1, weak = 0), and correlation of the graded coverage with the labelled one.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tomllib  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from mldrills.content.prompts import SECTIONS, Prompt, get_prompt  # noqa: E402
from mldrills.feedback.rubric import METHODS, Method  # noqa: E402
from mldrills.practice.design import PHASES, feedback_for_texts, split_sections  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "design_notes.toml"
PACKS = HERE.parent / "packs"
KINDS = ("strong", "plain", "weak")


@dataclass(frozen=True)
class Notes:
    """One labelled set of notes."""

    prompt: Prompt
    kind: str
    made: frozenset[str]
    text: str


def point_keys(prompt: Prompt) -> list[str]:
    """ "<section>.<n>" for every rubric point, in rubric order."""
    return [f"{s.id}.{i}" for s in prompt.sections for i in range(1, len(s.points) + 1)]


def load(path: Path = DATA) -> list[Notes]:
    """The labelled notes; exits naming the entry when a label names no point."""
    out = []
    for i, raw in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["notes"]):
        prompt = get_prompt(raw["prompt"], PACKS)
        unknown = set(raw["made"]) - set(point_keys(prompt))
        if unknown or raw["kind"] not in KINDS:
            sys.exit(f"{path} entry {i}: bad kind or unknown point(s) {sorted(unknown)}")
        out.append(Notes(prompt, raw["kind"], frozenset(raw["made"]), raw["text"]))
    return out


def grade(notes: Notes, method: Method) -> dict[str, bool]:
    """Point key -> whether the grader found it made."""
    texts = split_sections(notes.text, [p.id for p in PHASES], PHASES[0].id)
    fb = feedback_for_texts(notes.prompt, texts, method)
    results = [p.result.made for s in fb.sections for p in s.points]
    return dict(zip(point_keys(notes.prompt), results, strict=True))


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


@dataclass
class Tally:
    """True positives, false positives and false negatives of "point made"."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, made: bool, truth: bool) -> None:
        self.tp += made and truth
        self.fp += made and not truth
        self.fn += truth and not made

    def row(self) -> str:
        tp, fp, fn = self.tp, self.fp, self.fn
        return f"{tp + fn} | {ratio(tp, tp + fp)} | {ratio(tp, tp + fn)}"


def tally(method: Method, data: list[Notes], show_errors: bool) -> tuple[dict, list]:
    """Per (kind, section) tallies, and per set (kind, graded coverage, labelled coverage)."""
    tallies: dict[tuple[str, str], Tally] = {}
    sets = []
    for notes in data:
        found = grade(notes, method)
        for key, made in found.items():
            truth = key in notes.made
            for kind in (notes.kind, "all"):
                tallies.setdefault((kind, key.split(".")[0]), Tally()).add(made, truth)
            if show_errors and made != truth:
                what = "false positive" if made else "missed"
                print(f"  {notes.prompt.slug} ({notes.kind}) {key}: {what}")
        sets.append((notes.kind, sum(found.values()) / len(found), len(notes.made) / len(found)))
    return tallies, sets


def total(tallies: dict, kind: str) -> Tally:
    out = Tally()
    for (k, _), t in tallies.items():
        if k == kind:
            out.tp, out.fp, out.fn = out.tp + t.tp, out.fp + t.fp, out.fn + t.fn
    return out


def run(method: Method, data: list[Notes], show_errors: bool) -> None:
    started = time.perf_counter()
    tallies, sets = tally(method, data, show_errors)
    per_set = (time.perf_counter() - started) / len(data) * 1000
    print(f"\n## method: {method}  ({len(data)} note sets, {per_set:.0f} ms per set)\n")
    head = ("section", "made, all", "precision, all", "recall, all")
    print("| " + " | ".join((*head, "made, plain", "precision, plain", "recall, plain")) + " |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for sid, title in SECTIONS:
        plain = tallies.get(("plain", sid), Tally())
        print(f"| {title} | {tallies[('all', sid)].row()} | {plain.row()} |")
    print(f"| **all sections** | {total(tallies, 'all').row()} | {total(tallies, 'plain').row()} |")
    print()
    for kind in KINDS:
        graded = [g for k, g, _ in sets if k == kind]
        labelled = [h for k, _, h in sets if k == kind]
        if graded:
            print(
                f"mean coverage, {kind} notes ({len(graded)}): {np.mean(graded):.2f} "
                f"(labelled {np.mean(labelled):.2f}); made, precision, recall: "
                f"{total(tallies, kind).row().replace(' |', ',')}"
            )
    pairs = [(1.0 if k == "strong" else 0.0, g) for k, g, _ in sets if k != "plain"]
    y, g = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    print(f"Pearson r, coverage vs strong(1)/weak(0) label: {np.corrcoef(g, y)[0, 1]:.3f}")
    h_all = np.array([h for _, _, h in sets])
    g_all = np.array([g for _, g, _ in sets])
    print(
        f"Pearson r, graded vs labelled coverage, all sets: {np.corrcoef(g_all, h_all)[0, 1]:.3f}"
    )
    separated = min(g[y == 1]) > max(g[y == 0])
    print(f"every strong set above every weak set: {'yes' if separated else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=METHODS, action="append")
    parser.add_argument("--errors", action="store_true", help="List wrong verdicts.")
    args = parser.parse_args()
    data = load()
    for method in args.method or ["lexical", "combined"]:
        run(method, data, args.errors)


if __name__ == "__main__":
    main()
