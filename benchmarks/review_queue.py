"""Time the review library on the real decks: queue, rating, forecast and per-area stats.

    python benchmarks/review_queue.py             # SQLite in a temp folder
    python benchmarks/review_queue.py --url URL   # another database (it must be empty)

A user's history is simulated first: every card reviewed a few times over the past
months, so the store holds one schedule per card and several log rows per card. Each
operation is then run repeatedly; the table gives its median and 95th percentile.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mldrills.practice import review
from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[1] / "packs"


def simulate(store: Store, user: int, cards: review.Cards, reviews: int, now: datetime) -> int:
    """Rate every card ``reviews`` times at its due dates, ending before ``now``."""
    rng = random.Random(0)
    logged = 0
    for card in cards.index.cards:
        item = cards.get(card.key)
        assert item is not None
        at = now - timedelta(days=120 + rng.random() * 30)
        for _ in range(reviews):
            rated = review.rate(store, user, item, rng.choice((1, 3, 3, 3, 4)), at)
            logged += 1
            at = min(rated.due, now - timedelta(minutes=1))
    return logged


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and p95 wall time of ``fn`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: SQLite in a temp folder)")
    parser.add_argument("--reviews", type=int, default=4, help="past reviews per card")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Store(url) as store:
            store.migrate()
            user = store.create_user(f"bench-{time.time_ns()}", None).id
            now = datetime.now(UTC)
            t0 = time.perf_counter()
            cards = review.load_cards(root=ROOT)
            load_ms = (time.perf_counter() - t0) * 1000
            logged = simulate(store, user, cards, args.reviews, now)
            first = cards.get(cards.index.cards[0].key)
            assert first is not None
            rows = [
                ("load decks and exercises", (load_ms, load_ms)),
                (
                    "build today's queue",
                    timed(lambda: review.build_queue(store, user, cards, now), args.repeat),
                ),
                (
                    "rate one card",
                    timed(lambda: review.rate(store, user, first, 3, now), args.repeat),
                ),
                ("14-day forecast", timed(lambda: review.forecast(store, user, now), args.repeat)),
                (
                    "30-day retention",
                    timed(lambda: review.retention(store, user, now), args.repeat),
                ),
                (
                    "per-area stats",
                    timed(lambda: review.area_stats(store, user, now, cards.index), args.repeat),
                ),
            ]
    print(f"{len(cards.index.cards)} cards, {logged} past reviews, {url.split(':')[0]}")
    print(f"{'operation':<28}{'p50 ms':>10}{'p95 ms':>10}")
    for name, (p50, p95) in rows:
        print(f"{name:<28}{p50:>10.2f}{p95:>10.2f}")


if __name__ == "__main__":
    main()
