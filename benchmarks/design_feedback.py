"""Benchmark design feedback: rubric coverage against labelled notes (benchmarks/data/).

    python benchmarks/design_feedback.py                 # lexical and combined graders
    python benchmarks/design_feedback.py --method lexical
    python benchmarks/design_feedback.py --errors        # every point the grader got wrong

Each labelled set of notes (two per prompt: one strong, one weak) says which rubric points
a human reader judges it to make. The notes are graded exactly as a session is
(mldrills.practice.design: phase by phase, a point counts when any phase makes it).
Prints per-section precision and recall of "point made", then how the coverage separates
strong from weak notes: mean coverage of each, Pearson correlation of coverage with the
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
        if unknown or raw["kind"] not in ("strong", "weak"):
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


def run(method: Method, data: list[Notes], show_errors: bool) -> None:
    counts = {sid: [0, 0, 0] for sid, _ in SECTIONS}  # true pos, false pos, false neg
    labels, graded, labelled = [], [], []
    started = time.perf_counter()
    for notes in data:
        found = grade(notes, method)
        for key, made in found.items():
            truth = key in notes.made
            c = counts[key.split(".")[0]]
            c[0] += made and truth
            c[1] += made and not truth
            c[2] += truth and not made
            if show_errors and made != truth:
                what = "false positive" if made else "missed"
                print(f"  {notes.prompt.slug} ({notes.kind}) {key}: {what}")
        labels.append(1.0 if notes.kind == "strong" else 0.0)
        graded.append(sum(found.values()) / len(found))
        labelled.append(len(notes.made) / len(found))
    per_set = (time.perf_counter() - started) / len(data) * 1000
    print(f"\n## method: {method}  ({len(data)} note sets, {per_set:.0f} ms per set)\n")
    print("| section | labelled made | precision | recall |")
    print("|---|---:|---:|---:|")
    total = [0, 0, 0]
    for sid, title in SECTIONS:
        tp, fp, fn = counts[sid]
        total = [t + c for t, c in zip(total, counts[sid], strict=True)]
        print(f"| {title} | {tp + fn} | {ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |")
    tp, fp, fn = total
    print(f"| **all** | {tp + fn} | {ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |")
    y, g, h = np.array(labels), np.array(graded), np.array(labelled)
    print()
    print(f"mean coverage, strong notes: {g[y == 1].mean():.2f} (labelled {h[y == 1].mean():.2f})")
    print(f"mean coverage, weak notes:   {g[y == 0].mean():.2f} (labelled {h[y == 0].mean():.2f})")
    print(f"Pearson r, coverage vs strong/weak label: {np.corrcoef(g, y)[0, 1]:.3f}")
    print(f"Pearson r, coverage vs labelled coverage: {np.corrcoef(g, h)[0, 1]:.3f}")
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
