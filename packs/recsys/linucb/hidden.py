import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_linucb_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check(
    "only the pulled arm learns", hint="update touches the statistics of the given arm only"
)
def pulled_only(t):
    policy = t.sub.LinUCB(3, 2, 1.0, 2.0)
    history = [(1, np.array([1.0, 2.0]), 1.0), (1, np.array([0.5, -1.0]), 0.0)]
    for arm, x, r in history:
        policy.update(arm, x, r)
    contexts = t.rng.normal(size=(3, 2))
    args = (history, 3, 2, 1.0, 2.0, contexts)
    compare.close(
        policy.scores(contexts),
        V.model_scores(*args),
        what="scores",
        rtol=1e-9,
        atol=1e-12,
        inputs="LinUCB(3 arms, dim=2, alpha=1, reg=2), two updates of arm 1",
        diagnose={
            "every arm was updated with the pulled arm's context and reward": V.model_scores(
                *args, update_all=True
            )
        },
    )


@suite.check("alpha = 0 is ridge regression per arm", hint="theta = (reg I + X^T X)^-1 X^T r")
def ridge(t):
    policy = t.sub.LinUCB(2, 3, 0.0, 0.5)
    X, r = t.rng.normal(size=(15, 3)), t.rng.normal(size=15)
    for x, y in zip(X, r):
        policy.update(0, x, float(y))
    theta = np.linalg.solve(0.5 * np.eye(3) + X.T @ X, X.T @ r)
    contexts = t.rng.normal(size=(2, 3))
    compare.close(
        policy.scores(contexts),
        [theta @ contexts[0], 0.0],
        what="scores with alpha = 0",
        rtol=1e-9,
        atol=1e-12,
        inputs="15 updates of arm 0, none of arm 1, reg=0.5",
    )


@suite.check(
    "more arms and dimensions, small and large reg",
    hint="A starts at reg * I for every arm",
)
def bigger(t):
    V.check_scores(t, 6, 8, 0.3, 0.1, 40, "random updates")
    V.check_scores(t, 2, 5, 2.0, 10.0, 30, "random updates")


@suite.check("scores do not change the state", hint="scores and select only read A and b")
def read_only(t):
    policy, _, _ = V.play(t, 3, 3, 1.0, 1.0, 10, "random updates")
    contexts = t.rng.normal(size=(3, 3))
    first = policy.scores(contexts)
    t.helper("call_methods", policy, [["select", contexts]] * 3)
    compare.close(
        policy.scores(contexts),
        first,
        what="scores after calling select three times",
        rtol=1e-12,
        atol=0,
        inputs="LinUCB(3 arms, dim=3) after 10 random updates",
    )


@suite.check(
    "learns a linear environment",
    hint="pull the argmax of the scores, update that arm with its reward",
)
def learns(t):
    K, d, rounds = 3, 4, 200
    thetas = t.rng.normal(size=(K, d))
    policy = t.sub.LinUCB(K, d, 0.5, 1.0)
    contexts, rewards, best = [], [], []
    for _ in range(rounds):
        x = t.rng.normal(size=(K, d))
        means = np.sum(thetas * x, axis=1)
        contexts.append(x)
        rewards.append(means + 0.1 * t.rng.normal())  # the pulled arm's reward, plus noise
        best.append(int(np.argmax(means)))
    # every round (select, then update the pulled arm) in one round trip
    picks = t.helper("bandit_rounds", policy, np.array(rewards), np.array(contexts))
    bad = [
        p
        for p in picks
        if isinstance(p, (bool, np.bool_)) or not isinstance(p, (int, np.integer)) or not 0 <= p < K
    ]
    compare.is_true(
        not bad,
        f"select returned {bad[:1]}, not an arm index in 0..{K - 1}",
        inputs="3 arms, 4 features, rewards linear in the context plus noise",
    )
    best_hits = sum(int(p) == b for p, b in zip(picks[-80:], best[-80:]))
    compare.is_true(
        best_hits >= 64,
        f"in the last 80 of {rounds} rounds the best arm was picked "
        f"{best_hits} times; a working LinUCB picks it about 75 times or more here",
        inputs="3 arms, 4 features, rewards linear in the context plus noise",
    )
