"""What the timing step after a pass costs, and how steady its figure is.

    python benchmarks/speed_step_cost.py [SLUG ...] [--all] [--runs N]
                                         [--config inputs=3,rounds=5,target=2,budget=60 ...]

For each exercise the reference solution is submitted ``--runs`` times (every check, as
"Submit" does; only an accepted submission is timed) on a warm judge. The table shows
the grade's wall time with the timing step, the step's own cost (``speed.cost_ms``,
measured inside the grade), and the ratio the step reports for the reference against
itself: ideally 1.0, so its spread is the noise a learner's "1.8x the reference" carries
on this machine at this moment.
With several ``--config`` (the step's settings in ``grading.speed``: timed inputs, most
rounds, target CPU ms per timed request, wall budget ms beyond the first round), the
settings take turns on every submission, so machine noise hits each alike, and a last
table compares them over all exercises: the step's cost (p50/p90/max of per-exercise
medians) and the self-ratio's spread (p90 over exercises of max/min).
Exercises whose checks make no plain-data call to an entry point (classes, torch
modules) are not timed and show "-".
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge, speed

DEFAULT = ["merge-intervals", "roc-auc", "kmeans", "knn-classifier", "causal-self-attention"]
KEYS = {"inputs": "TIMED_INPUTS", "rounds": "ROUNDS", "target": "TARGET_S", "budget": "BUDGET_S"}


@dataclass
class Config:
    """One setting of the timing step, and what it measured."""

    name: str
    values: dict[str, float]
    walls: dict[str, list[float]] = field(default_factory=dict)
    costs: dict[str, list[float]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)

    def apply(self) -> None:
        for key, value in self.values.items():
            attr = KEYS[key]
            ms = key in ("target", "budget")
            setattr(speed, attr, value / 1000 if ms else int(value))


def parse_config(text: str) -> Config:
    """``inputs=3,rounds=5,target=2,budget=60`` (any subset; the rest as shipped)."""
    values: dict[str, float] = {}
    for part in filter(None, text.split(",")):
        key, _, value = part.partition("=")
        if key not in KEYS:
            raise SystemExit(f"unknown setting {key!r}; one of {', '.join(KEYS)}")
        values[key] = float(value)
    return Config(text or "shipped", values)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Grade each reference ``--runs`` times and print the timing step's cost and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", default=None)
    parser.add_argument("--all", action="store_true", help="every exercise in the catalog")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--config", action="append", default=None)
    args = parser.parse_args()
    catalog = Catalog()
    slugs = sorted(catalog.slugs) if args.all else (args.slugs or DEFAULT)
    shipped = {key: getattr(speed, attr) for key, attr in KEYS.items()}
    configs = [parse_config(c) for c in (args.config or [""])]
    console = Console()
    with Judge(catalog) as judge:
        for slug in slugs:
            if slug not in catalog.slugs:
                console.print(f"{slug}: not in the catalog")
                continue
            code = catalog.get(slug).reference_source()
            judge.grade(slug, code, hidden=True)  # warm the child's imports first
            for _ in range(args.runs):
                for config in configs:
                    for attr, value in zip(KEYS.values(), shipped.values(), strict=True):
                        setattr(speed, attr, value)
                    config.apply()
                    start = time.perf_counter()
                    result = judge.grade(slug, code, hidden=True)
                    wall = (time.perf_counter() - start) * 1000
                    config.walls.setdefault(slug, []).append(wall)
                    if result.speed is not None:
                        config.costs.setdefault(slug, []).append(result.speed.cost_ms)
                        config.ratios.setdefault(slug, []).append(result.speed.ratio)
    for config in configs:
        table = Table(
            "exercise",
            "grade p50 ms",
            "step p50 ms",
            "step max ms",
            "ratio min-max",
            title=f"settings: {config.name}",
        )
        for slug, walls in config.walls.items():
            costs, ratios = config.costs.get(slug, []), config.ratios.get(slug, [])
            table.add_row(
                slug,
                f"{statistics.median(walls):.0f}",
                f"{statistics.median(costs):.0f}" if costs else "-",
                f"{max(costs):.0f}" if costs else "-",
                f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else "-",
            )
        console.print(table)
    summary = Table(
        "settings",
        "timed exercises",
        "step p50 / p90 / max ms",
        "grade p90 ms",
        "self-ratio max/min, p50 / p90",
        title="over all exercises (per-exercise medians)",
    )
    for config in configs:
        steps = [statistics.median(c) for c in config.costs.values()]
        grades = [statistics.median(w) for w in config.walls.values()]
        spread = [max(r) / min(r) for r in config.ratios.values()]
        summary.add_row(
            config.name,
            str(len(steps)),
            f"{_pct(steps, 0.5):.0f} / {_pct(steps, 0.9):.0f} / {max(steps):.0f}" if steps else "-",
            f"{_pct(grades, 0.9):.0f}" if grades else "-",
            f"{_pct(spread, 0.5):.2f} / {_pct(spread, 0.9):.2f}" if spread else "-",
        )
    console.print(summary)


if __name__ == "__main__":
    main()
