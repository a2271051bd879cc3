import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_ips_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check(
    "clipping caps the weights", hint="min(w_t, clip) replaces w_t; the rewards stay as they are"
)
def clipping(t):
    a, r, p, pi, _ = V.random_log(t.rng)
    r = r * 3.0  # rewards above the clip value
    w = V.weights(a, p, pi)
    for clip in (0.5, 2.0, 1e9):
        V.check(
            t,
            "ips_value",
            (a, r, p, pi),
            "a random log, rewards in {0, 3}",
            {
                "the rewards were clipped instead of the weights": float(
                    np.mean(w * np.minimum(r, clip))
                ),
                "the clip was ignored": float(np.mean(w * r)),
            },
            clip=clip,
        )


@suite.check(
    "a target policy that never takes a logged action",
    hint="all weights are 0: IPS and DR still work, SNIPS returns 0.0 instead of 0/0",
)
def zero_weights(t):
    a, r, p, _, q = V.random_log(t.rng, n=30, K=3)
    a = a % 2  # logged actions are 0 or 1
    p = np.full(30, 0.5)
    pi = np.tile([0.0, 0.0, 1.0], (30, 1))  # the new policy always takes action 2
    for name in ("ips_value", "snips_value"):
        V.check(t, name, (a, r, p, pi), "target is one-hot on an unlogged action")
    V.check(t, "dr_value", (a, r, p, pi, q), "target is one-hot on an unlogged action")


@suite.check(
    "deterministic target and tiny propensities",
    hint="a one-hot target gives weights 0 or 1/propensity; tiny propensities mean huge weights",
)
def extremes(t):
    a, r, p, _, q = V.random_log(t.rng, n=100, K=5)
    one_hot = np.eye(5)[t.rng.integers(0, 5, 100)]
    p = np.where(t.rng.random(100) < 0.1, 1e-4, p)
    for name in ("ips_value", "snips_value"):
        V.check(t, name, (a, r, p, one_hot), "one-hot target, some propensities 1e-4")
    V.check(t, "dr_value", (a, r, p, one_hot, q), "one-hot target, some propensities 1e-4")


@suite.check(
    "unbiased on a large simulated log",
    hint="with correct propensities the weighted average estimates the new policy's value",
)
def unbiased(t):
    K, n = 3, 20_000
    true_reward = np.array([0.2, 0.5, 0.8])
    logging, target = np.array([0.6, 0.3, 0.1]), np.array([0.1, 0.2, 0.7])
    actions = t.rng.choice(K, n, p=logging)
    rewards = (t.rng.random(n) < true_reward[actions]).astype(float)
    args = (actions, rewards, logging[actions], np.tile(target, (n, 1)))
    truth = float(target @ true_reward)
    w = target[actions] / logging[actions]
    se = float(np.std(w * rewards) / np.sqrt(n))
    bad_model = np.tile([0.9, 0.1, 0.3], (n, 1))  # a wrong reward model: DR must still be unbiased
    for name, extra in (("ips_value", ()), ("snips_value", ()), ("dr_value", (bad_model,))):
        got = float(np.squeeze(getattr(t.sub, name)(*args, *extra)))
        compare.is_true(
            abs(got - truth) < 5 * se,
            f"{name} = {got:.4f}, but the new policy's true "
            f"value is {truth:.4f} (standard error of IPS here: {se:.4f})",
            inputs=f"{n} events from a known logging policy {logging.tolist()}, "
            f"target {target.tolist()}",
        )
