"""What the timing step after a pass costs, and how steady its figure is.

    python benchmarks/speed_step_cost.py [SLUG ...] [--runs N]

For each exercise the reference solution is submitted ``--runs`` times (every check, as
"Submit" does; only an accepted submission is timed) on a warm judge. The table shows
the grade's wall time with the timing step, the step's own cost (``speed.cost_ms``,
measured inside the grade), and the ratio the step reports for the reference against
itself: ideally 1.0, so its spread is the noise a learner's "1.8x the reference" carries
on this machine at this moment.
Exercises whose checks make no plain-data call to an entry point (classes, torch
modules) are not timed and show "-".
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge

DEFAULT = ["merge-intervals", "roc-auc", "kmeans", "knn-classifier", "causal-self-attention"]


def main() -> None:
    """Grade each reference ``--runs`` times and print the timing step's cost and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    catalog = Catalog()
    table = Table("exercise", "grade p50 ms", "step p50 ms", "step max ms", "ratio min-max")
    with Judge(catalog) as judge:
        for slug in args.slugs:
            if slug not in catalog.slugs:
                table.add_row(slug, "not in the catalog", "", "", "")
                continue
            code = catalog.get(slug).reference_source()
            judge.grade(slug, code, hidden=True)  # warm the child's imports first
            walls, costs, ratios = [], [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = judge.grade(slug, code, hidden=True)
                walls.append((time.perf_counter() - start) * 1000)
                if result.speed is not None:
                    costs.append(result.speed.cost_ms)
                    ratios.append(result.speed.ratio)
            table.add_row(
                slug,
                f"{statistics.median(walls):.0f}",
                f"{statistics.median(costs):.0f}" if costs else "-",
                f"{max(costs):.0f}" if costs else "-",
                f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else "-",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
