import math

import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()
MEANS = [0.3, 0.5, 0.7]


class UCBVariant:
    """UCB1 with a different exploration bonus: the model of a mistake."""

    def __init__(self, n_arms, bonus):
        self.n, self.s, self.bonus = [0] * n_arms, [0.0] * n_arms, bonus

    def select(self):
        if 0 in self.n:
            return self.n.index(0)
        t = sum(self.n)
        scores = [s / n + self.bonus(t, n) for s, n in zip(self.s, self.n)]
        return scores.index(max(scores))

    def update(self, arm, reward):
        self.n[arm] += 1
        self.s[arm] += reward


class GreedyFromZero:
    """Greedy that starts every estimate at 0 instead of trying each arm first."""

    def __init__(self, n_arms):
        self.n, self.s = [0] * n_arms, [0.0] * n_arms

    def select(self):
        means = [s / n if n else 0.0 for s, n in zip(self.s, self.n)]
        return means.index(max(means))

    def update(self, arm, reward):
        self.n[arm] += 1
        self.s[arm] += reward


def is_arm(choice, n_arms):
    """Whether ``choice`` is an integer arm index below ``n_arms`` (a bool is not)."""
    return (
        isinstance(choice, (int, np.integer))
        and not isinstance(choice, (bool, np.bool_))
        and 0 <= int(choice) < n_arms
    )


def play(t, remote_policy, table):
    """The learner's choices over the reward table, every round in one round trip.

    Round i: select(), then update(arm, table[i][arm]); a choice that is not an arm
    index ends the play and is the last one returned.
    """
    return list(t.helper("bandit_rounds", remote_policy, np.asarray(table, dtype=float)))


def follow(t, remote_policy, ref_policy, table, label, variants=None):
    """Feed both policies the reward table; they must choose the same arm every round."""
    variants = variants or {}
    alive = dict(variants)
    picks = play(t, remote_policy, table)
    for step, rewards in enumerate(table):
        got = picks[step]
        expected = ref_policy.select()
        for name, v in list(alive.items()):
            if v.select() != got:
                del alive[name]
        if got != expected or not is_arm(got, len(rewards)):
            hint = f"likely mistake: {next(iter(alive))}" if alive else None
            t.fail(
                f"round {step}: expected arm {expected}, got {got!r}\n  input: {label}; "
                f"rewards so far follow a fixed table, means {MEANS}",
                hint=hint,
            )
        ref_policy.update(expected, float(rewards[expected]))
        for v in alive.values():
            v.update(got, float(rewards[got]))


def reward_table(rng, rounds, means=MEANS):
    return (rng.random((rounds, len(means))) < np.array(means)).astype(float)


def frequencies(t, policy, draws, n_arms):
    picks = t.helper("call_each", policy.select, [[]] * draws)  # one round trip
    return np.bincount(np.asarray(picks, dtype=int), minlength=n_arms) / draws


def check_frequencies(got, expected, draws, what, inputs, diagnose=None, z=4.0):
    """Each arm's share within z standard errors of its expected probability.

    False alarms: the policies' seeds are fixed, so a correct solution's picks are one
    draw; with z = 4 a correct policy fails an arm with probability 6e-5, so at most
    2.6e-4 for four arms (the 50,000-draw Monte Carlo expectation of Thompson's shares is
    off by about a sixth of a standard error, which raises that to about 5e-4). Power: at 1500 picks the standard error of a share near
    0.78 is 0.011, so every named mistake (exploring only the other arms moves the greedy
    share by 0.075, swapped Beta parameters or no sampling by more than 0.2) sits at
    least 6.9 standard errors away and is caught with probability above 0.99.
    """
    sd = np.sqrt(np.maximum(expected * (1 - expected), 1e-4) / draws)
    bad = np.abs(got - expected) > z * sd
    if bad.any():
        hint = None
        for mistake, alt in (diagnose or {}).items():
            if np.all(np.abs(got - np.asarray(alt)) <= z * sd):
                hint = f"likely mistake: {mistake}"
        compare.is_true(
            False,
            f"{what}: each arm's share of {draws} picks should be close to "
            f"{np.round(expected, 3).tolist()}, got {np.round(got, 3).tolist()}",
            inputs=inputs,
            hint=hint,
        )


UCB_BONUS_MISTAKES = {
    "the bonus lacks the log t term: sqrt(2 / n_a) stops growing with time": (
        lambda total, n: math.sqrt(2.0 / n)
    ),
    "the bonus uses ln(t + 1), counting the current pull": (
        lambda total, n: math.sqrt(2.0 * math.log(total + 1) / n)
    ),
    "the bonus lacks the factor 2 (sqrt(ln t / n_a))": (
        lambda total, n: math.sqrt(math.log(total) / n)
    ),
}


@suite.check(
    "UCB1 follows its index",
    hint="every arm once first; then mean + sqrt(2 ln t / n_a), t = pulls so far, ties to the lowest index",
)
def ucb_sequence(t):
    follow(
        t,
        t.sub.UCB1(3),
        t.ref.UCB1(3),
        reward_table(t.rng, 250),
        "UCB1(3), 250 rounds",
        {mistake: UCBVariant(3, bonus) for mistake, bonus in UCB_BONUS_MISTAKES.items()},
    )


@suite.check(
    "epsilon = 0 is greedy",
    hint="try every arm once, then always the best running mean (ties to the lowest index)",
)
def greedy_sequence(t):
    follow(
        t,
        t.sub.EpsilonGreedy(3, 0.0, 1),
        t.ref.EpsilonGreedy(3, 0.0, 1),
        reward_table(t.rng, 120),
        "EpsilonGreedy(3, epsilon=0, seed=1), 120 rounds",
        {"unpulled arms start with estimate 0 instead of being tried first": GreedyFromZero(3)},
    )


@suite.check(
    "Thompson samples from the Beta posterior",
    hint="start from Beta(prior_a, prior_b); a success adds 1 to the first parameter, a "
    "failure to the second; draw one sample per arm, then take the largest",
)
def thompson_posterior(t):
    fresh = frequencies(t, t.sub.ThompsonBeta(3, 10), 600, 3)
    check_frequencies(
        fresh,
        np.full(3, 1 / 3),
        600,
        "picks of a fresh ThompsonBeta",
        "ThompsonBeta(3, seed=10) before any update: the Beta(1, 1) prior",
    )
    policy = t.sub.ThompsonBeta(3, 11)
    history = {0: (3, 7), 1: (5, 5), 2: (1, 1)}  # (successes, failures) per arm
    for arm, (wins, losses) in history.items():
        for r in [1.0] * wins + [0.0] * losses:
            policy.update(arm, r)
    draws = 1500
    got = frequencies(t, policy, draws, 3)
    mc = t.rng.beta([4, 6, 2], [8, 6, 2], size=(50_000, 3))
    expected = np.bincount(mc.argmax(axis=1), minlength=3) / len(mc)
    swapped = t.rng.beta([8, 6, 2], [4, 6, 2], size=(50_000, 3))
    check_frequencies(
        got,
        expected,
        draws,
        "ThompsonBeta picks",
        "prior Beta(1, 1); arm 0: 3 wins 7 losses, arm 1: 5 and 5, arm 2: 1 and 1",
        {
            "successes and failures swapped in the Beta parameters": np.bincount(
                swapped.argmax(axis=1), minlength=3
            )
            / len(swapped),
            "always the highest posterior mean: no sampling": [0.0, 1.0, 0.0],
        },
    )
