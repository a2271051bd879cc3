import importlib.util
import math
from pathlib import Path

from mldrills.checks import Case, Suite, compare, complexity


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_recall_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()
METRICS = ("recall_at_k", "ndcg_at_k")


def random_lists(rng, users, items, k_max):
    recommended = [
        [int(i) for i in rng.permutation(items)[: int(rng.integers(0, k_max + 3))]]
        for _ in range(users)
    ]
    relevant = [
        [int(i) for i in rng.choice(items, int(rng.integers(0, 6)), replace=False)]
        for _ in range(users)
    ]
    return recommended, relevant


@suite.check(
    "more relevant items than k",
    hint="recall divides by the number of relevant items, even when that exceeds k",
)
def many_relevant(t):
    rec = [[1, 2, 3, 4, 5], [10, 11, 12]]
    rel = [[1, 2, 3, 4, 5, 6, 7, 8], [12, 13, 14, 15]]
    V.check_metric(
        t, "recall_at_k", rec, rel, 2, "8 and 4 relevant items, k=2", V.recall_mistakes(rec, rel, 2)
    )
    V.check_metric(
        t, "ndcg_at_k", rec, rel, 2, "8 and 4 relevant items, k=2", V.ndcg_mistakes(rec, rel, 2)
    )


@suite.check(
    "users with nothing relevant",
    hint="skip users whose relevant list is empty; with no user left the metric is NaN",
)
def empty_users(t):
    rec, rel = [[1, 2], [3, 4], [5]], [[], [4], []]
    for name in METRICS:
        V.check_metric(
            t,
            name,
            rec,
            rel,
            2,
            "two of three users have nothing relevant",
            V.mistakes_for(name, rec, rel, 2),
        )
        got = getattr(t.sub, name)([[1, 2]], [[]], 2)
        compare.is_true(
            isinstance(got, float) and math.isnan(got),
            f"{name}: expected nan when no user has a relevant item, got {got!r}",
            inputs="recommended=[[1, 2]], relevant=[[]], k=2",
        )


@suite.check(
    "lists shorter or longer than k",
    hint="only the first k recommendations count; a short list simply has fewer",
)
def lengths(t):
    rec = [[4, 5, 6, 7, 8, 9], [1], []]
    rel = [[8, 9], [1, 2], [3]]
    for name in METRICS:
        for k in (2, 5, 10):
            V.check_metric(
                t, name, rec, rel, k, "lists of 6, 1 and 0 items", V.mistakes_for(name, rec, rel, k)
            )


@suite.check("random users", hint="skip users with nothing relevant; truncate each list at k")
def random_users(t):
    for _ in range(4):
        rec, rel = random_lists(t.rng, 30, 40, 10)
        for name in METRICS:
            V.check_metric(t, name, rec, rel, int(t.rng.integers(1, 12)), "30 random users")


def _big(n, rng):
    items = rng.permutation(4 * n)
    return Case.of([[int(i) for i in items[:n]]], [[int(i) for i in items[n // 2 : n // 2 + n]]], n)


suite.add(
    complexity(
        "recall_at_k",
        _big,
        n=500,
        max_n=8_000,
        legacy_sizes=(500, 16_000),  # the CPU-only method's n, max_n
        expected="n",
        name="recall@k in linear time",
        hint="test membership in a set, not in a list",
    ),
)
