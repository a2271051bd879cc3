import importlib.util
import itertools
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_bpr_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


def random_triples(rng, U, I, B):
    users = rng.integers(0, U, B)
    pos = rng.integers(0, I, B)
    neg = (pos + rng.integers(1, I, B)) % I  # never equal to pos
    return users, pos, neg


@suite.check(
    "repeated users and items in a batch",
    hint="a row that appears in several triples gets the sum of their gradients",
)
def repeats(t):
    P, Q = t.rng.normal(0, 0.5, (3, 4)), t.rng.normal(0, 0.5, (4, 4))
    V.check_step(
        t, P, Q, *random_triples(t.rng, 3, 4, 16), 0.1, 0.05, "16 triples over 3 users, 4 items"
    )


@suite.check(
    "large margins", hint="-log sigmoid(x) = log(1 + exp(-x)): use a stable form (np.logaddexp)"
)
def large(t):
    P = np.array([[30.0, 0.0], [0.0, 30.0]])
    Q = np.array([[40.0, 0.0], [-40.0, 0.0], [0.0, 40.0], [0.0, -5.0]])
    users, pos, neg = np.array([0, 0, 1, 1]), np.array([0, 1, 2, 3]), np.array([1, 0, 3, 2])
    V.check_step(t, P, Q, users, pos, neg, 0.01, 0.0, "margins of +-2400 and +-1350")


@suite.check(
    "rows outside the batch do not move",
    hint="only rows used by a triple get a gradient (the penalty is per triple, not on all rows)",
)
def untouched(t):
    P, Q = t.rng.normal(size=(8, 3)), t.rng.normal(size=(10, 3))
    V.check_step(
        t,
        P,
        Q,
        np.array([2, 5]),
        np.array([1, 3]),
        np.array([7, 9]),
        0.2,
        0.3,
        "2 triples, most rows unused",
    )


@suite.check(
    "repeated steps lower the batch loss", hint="step against the gradient, with a small lr"
)
def descent(t):
    P, Q = t.rng.normal(0, 0.3, (5, 4)), t.rng.normal(0, 0.3, (7, 4))
    users, pos, neg = random_triples(t.rng, 5, 7, 12)
    losses = []
    for _ in range(5):
        P, Q, loss = t.sub.bpr_step(P, Q, users, pos, neg, 0.5, 0.01)
        P, Q = np.asarray(P, dtype=float), np.asarray(Q, dtype=float)
        losses.append(float(np.squeeze(loss)))
    compare.is_true(
        all(b < a for a, b in itertools.pairwise(losses)),
        f"the loss should fall at every step on a fixed batch, got {[round(x, 6) for x in losses]}",
        inputs="12 triples, lr=0.5, reg=0.01, 5 steps",
    )
