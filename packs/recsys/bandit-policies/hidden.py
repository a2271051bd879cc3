import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_bandit_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check(
    "epsilon-greedy explores over all arms",
    hint="with probability epsilon pick uniformly among all arms, the best one included",
)
def epsilon_frequencies(t):
    policy = t.sub.EpsilonGreedy(4, 0.3, 5)
    for arm, r in ((0, 0.0), (1, 1.0), (2, 0.0), (3, 0.0), (1, 1.0), (0, 1.0)):
        policy.update(arm, r)  # means: 0.5, 1.0, 0.0, 0.0 -> arm 1 is greedy
    draws = 1500
    got = V.frequencies(t, policy, draws, 4)
    expected = np.array([0.075, 0.775, 0.075, 0.075])
    V.check_frequencies(
        got,
        expected,
        draws,
        "EpsilonGreedy picks",
        "EpsilonGreedy(4, epsilon=0.3) with arm 1 clearly best",
        {
            "exploration never picks the greedy arm": [0.1, 0.7, 0.1, 0.1],
            "epsilon ignored: always greedy": [0.0, 1.0, 0.0, 0.0],
        },
    )
    uniform = V.frequencies(t, t.sub.EpsilonGreedy(4, 1.0, 6), 1000, 4)
    V.check_frequencies(
        uniform,
        np.full(4, 0.25),
        1000,
        "EpsilonGreedy(epsilon=1) picks",
        "a fresh EpsilonGreedy(4, epsilon=1.0)",
    )


@suite.check(
    "same seed, same choices",
    hint="draw from np.random.default_rng(seed), not the global generator",
)
def seeded(t):
    for make, label in (
        (lambda: t.sub.EpsilonGreedy(3, 0.5, 42), "EpsilonGreedy(3, 0.5, seed=42)"),
        (lambda: t.sub.ThompsonBeta(3, 42), "ThompsonBeta(3, seed=42)"),
    ):
        # every arm's reward in round i is float(i % 3 == 0), whichever arm is pulled
        table = np.repeat((np.arange(60) % 3 == 0).astype(float)[:, None], 3, axis=1)
        runs = [V.play(t, make(), table) for _ in range(2)]
        compare.equal(
            runs[1], runs[0], what="choices of a second policy with the same seed", inputs=label
        )


@suite.check(
    "the simulation counts pseudo-regret",
    hint="one rng.random() per round, reward = u < means[arm]; add max(means) - means[arm]",
)
def simulation(t):
    for means, horizon, seed in (([0.3, 0.5, 0.7], 300, 3), ([0.9, 0.1], 50, 8), ([0.5], 10, 0)):
        inputs = f"run_bandit(UCB1({len(means)}), means={means}, horizon={horizon}, seed={seed})"
        got = t.sub.run_bandit(t.sub.UCB1(len(means)), means, horizon, seed)
        expected = t.ref.run_bandit(t.ref.UCB1(len(means)), means, horizon, seed)
        compare.close(
            np.asarray(got, dtype=float),
            np.asarray(expected),
            what="cumulative regret",
            rtol=1e-9,
            atol=1e-9,
            inputs=inputs,
            diagnose=lambda: {  # simulated only when the regret differs
                f"UCB1: {mistake}": t.ref.run_bandit(
                    V.UCBVariant(len(means), bonus), means, horizon, seed
                )
                for mistake, bonus in V.UCB_BONUS_MISTAKES.items()
            },
        )


@suite.check(
    "Thompson sampling's regret grows sublinearly",
    hint="the posterior concentrates on the best arm: later rounds should cost less",
)
def thompson_regret(t):
    means, horizon = [0.3, 0.5, 0.7], 1000
    finals, first, second = [], [], []
    for seed in range(6):
        regret = np.asarray(
            t.sub.run_bandit(t.sub.ThompsonBeta(3, seed), means, horizon, 100 + seed)
        )
        finals.append(regret[-1])
        first.append(regret[horizon // 2 - 1])
        second.append(regret[-1] - regret[horizon // 2 - 1])
    inputs = f"ThompsonBeta(3) on means {means}, horizon {horizon}, 6 seeds"
    compare.is_true(
        np.mean(finals) < 35,
        f"mean regret after {horizon} rounds is "
        f"{np.mean(finals):.1f}; Thompson sampling should stay near 10 here",
        inputs=inputs,
    )
    compare.is_true(
        np.mean(second) < np.mean(first),
        "the second half of the rounds cost "
        f"{np.mean(second):.1f} regret on average, the first half {np.mean(first):.1f}: "
        "regret is not flattening",
        inputs=inputs,
    )
