"""Batching helpers run many calls of the submission in one request, in order, and return
every raw result: the supervisor sees the same thing as from one request per call."""

from __future__ import annotations

import numpy as np
import pytest

from mldrills.probes import helpers as probes


class Greedy:
    """Pulls the arm with the best running total; records every call it gets."""

    def __init__(self, n_arms: int) -> None:
        self.totals = [0.0] * n_arms
        self.calls: list[tuple] = []

    def select(self, contexts=None):
        self.calls.append(("select",) if contexts is None else ("select", contexts.shape))
        return int(np.argmax(self.totals))

    def update(self, arm, *rest):
        self.calls.append(("update", arm, *[np.asarray(r).shape or float(r) for r in rest]))
        self.totals[arm] += float(rest[-1])


def test_bandit_rounds_plays_every_round_in_order() -> None:
    rewards = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.5]])
    policy = Greedy(2)
    picks = probes.bandit_rounds(policy, rewards)
    assert picks == [0, 0, 0]  # arm 0 gets rewards 0, 1, 0 and stays ahead
    assert policy.calls == [
        ("select",),
        ("update", 0, 0.0),
        ("select",),
        ("update", 0, 1.0),
        ("select",),
        ("update", 0, 0.0),
    ]


def test_bandit_rounds_passes_each_rounds_contexts() -> None:
    rewards = np.array([[0.0, 2.0], [1.0, 3.0]])
    contexts = np.arange(2 * 2 * 3, dtype=float).reshape(2, 2, 3)
    policy = Greedy(2)
    assert probes.bandit_rounds(policy, rewards, contexts) == [0, 0]
    # select sees the round's (arms, features) rows, update the pulled arm's row and reward
    assert policy.calls[:2] == [("select", (2, 3)), ("update", 0, (3,), 0.0)]


@pytest.mark.parametrize("bad", [1.0, True, 2, -1, "0", None])
def test_bandit_rounds_stops_at_a_choice_that_is_not_an_arm(bad) -> None:
    class Odd(Greedy):
        def select(self, contexts=None):
            return 0 if not self.calls else bad  # arm 0 first, then the bad choice

    policy = Odd(2)
    picks = probes.bandit_rounds(policy, np.ones((5, 2)))
    assert picks == [0, bad]  # the bad choice is returned for the supervisor to report
    assert policy.calls == [("update", 0, 1.0)]  # and never fed back to update


def test_is_arm_accepts_numpy_integers_only_in_range() -> None:
    assert probes.is_arm(np.int64(1), 2)
    assert not probes.is_arm(np.int64(2), 2)
    assert not probes.is_arm(np.bool_(True), 2)
    assert not probes.is_arm(np.float64(1.0), 2)


def test_call_methods_and_call_each_keep_order() -> None:
    seen: list[float] = []

    class Acc:
        def add(self, x):
            seen.append(x)
            return len(seen)

    assert probes.call_methods(Acc(), [["add", 1.5], ["add", -2.0]]) == [1, 2]
    assert probes.call_each(lambda a, b: a - b, [[3, 1], [1, 3]]) == [2, -2]
    with pytest.raises(ValueError, match="public method"):
        probes.call_methods(Acc(), [["__class__"]])


def test_chain_calls_passes_each_state_on_and_returns_the_last() -> None:
    seen: list = []

    def step(x, past):
        seen.append(past)
        cache = (past or []) + [x]
        return [sum(cache)], cache

    outs, last = probes.chain_calls(step, [1, 2, 3])
    assert outs == [[1], [3], [6]]
    assert last == [1, 2, 3]
    assert seen == [None, [1], [1, 2]]


def test_call_each_takes_keyword_arguments_per_call() -> None:
    def f(a, *, scale=1):
        return a * scale

    assert probes.call_each(f, [[1], [2]], [{"scale": 10}, {}]) == [10, 2]
    with pytest.raises(ValueError, match="keyword"):
        probes.call_each(f, [[1], [2]], [{}])
