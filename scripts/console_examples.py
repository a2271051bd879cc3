"""Check the console's example input of every exercise: found, read back, and run.

    python scripts/console_examples.py              # every exercise in the packs folder
    python scripts/console_examples.py kmeans lru-cache
    python scripts/console_examples.py --show       # print each example too

For each exercise the console's example (taken from the first visible check's calls)
is run with the reference as the learner's code, in the sandboxed judge. It must give
at least one row, every row must run on both sides, and no row may disagree (the
reference against itself). An exercise whose checks only pass objects the console
cannot build (a model, a data loader) has no example and is listed as such. Prints a
table and the time per exercise; exits 1 on a problem. Nothing is recorded.
"""

from __future__ import annotations

import argparse
import sys
import time

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.console import console, example


def main(argv: list[str] | None = None) -> int:
    """Run every example; the exit code says whether all of them work."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these exercises")
    parser.add_argument("--show", action="store_true", help="print each example")
    args = parser.parse_args(argv)
    catalog = Catalog()
    slugs = args.slugs or catalog.slugs
    problems: list[str] = []
    unsupported: list[str] = []
    lines = objects = 0
    with Judge(catalog, preload_torch=True) as judge:
        print(f"{'exercise':32} {'lines':>5} {'example ms':>10} {'run ms':>8}  result")
        for slug in slugs:
            exercise = catalog.get(slug)
            t0 = time.perf_counter()
            text = example(judge, exercise)
            t1 = time.perf_counter()
            if text.startswith("#"):  # no call can be written: the inputs are objects
                print(f"{slug:32} {0:5} {(t1 - t0) * 1000:10.0f} {0:8}  no example: {text[2:60]}")
                unsupported.append(slug)
                continue
            result = console(judge, exercise, exercise.reference_source(), text)
            t2 = time.perf_counter()
            bad = [
                r.statement
                for r in result.rows
                if r.yours.status != "ok" or r.reference.status != "ok" or r.agree is False
            ]
            verdict = "ok"
            if not result.rows or bad or result.load_error:
                verdict = "PROBLEM: " + (result.load_error or "; ".join(bad)[:120] or "no rows")
                problems.append(slug)
            lines += len(result.rows)
            objects += any(r.agree is None for r in result.rows)
            print(
                f"{slug:32} {len(result.rows):5} {(t1 - t0) * 1000:10.0f} "
                f"{(t2 - t1) * 1000:8.0f}  {verdict}"
            )
            if args.show:
                print("    " + text.replace("\n", "\n    "))
    ran = len(slugs) - len(problems) - len(unsupported)
    print(
        f"\n{ran}/{len(slugs)} examples run cleanly ({lines} lines; {objects} exercises "
        f"drive an object); {len(unsupported)} without one ({', '.join(unsupported) or '-'}); "
        f"{len(problems)} problems ({', '.join(problems) or '-'})"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
