"""The numeric check builders, run on a stand-in trial (no sandbox: plain function calls)."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from mldrills.checks import Case, CheckFailed
from mldrills.checks.numeric import gradient_check, stable_at_extremes
from mldrills.probes.helpers import HELPERS


def _run(check: Any, sub: Callable[..., Any], ref: Callable[..., Any] | None = None) -> None:
    """Run ``check`` with ``sub`` as the submission's ``f`` (and ``ref`` as the reference's)."""
    trial = types.SimpleNamespace(
        sub=types.SimpleNamespace(f=sub),
        ref=types.SimpleNamespace(f=ref or sub),
        rng=np.random.default_rng(0),
        helper=lambda name, *args: HELPERS[name](*args),  # as the child runs them
    )
    check.fn(trial)


def _failure(check: Any, sub: Callable[..., Any], ref: Callable[..., Any] | None = None) -> str:
    """The failure message plus hint, or an assertion error when the check passes."""
    with pytest.raises(CheckFailed) as info:
        _run(check, sub, ref)
    return f"{info.value.message}\n{info.value.hint}"


# ------------------------------------------------------------------ a ridge-style loss
def ridge(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float) -> tuple[Any, ...]:
    """Mean squared error / 2 plus (l2/2)||w||^2, and its exact gradient."""
    r = X @ w + b - y
    loss = 0.5 * np.mean(r**2) + 0.5 * l2 * w @ w
    return float(loss), X.T @ r / len(y) + l2 * w, float(np.mean(r))


def _case(l2: float = 0.5, n: int = 12, d: int = 3, seed: int = 1) -> Case:
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    return Case.of(rng.normal(size=d), float(rng.normal()), X, y, l2, label="random")


def _grad_check(case: Case, **kw: Any) -> Any:
    return gradient_check(
        "f",
        [case],
        params={"w": 0, "b": 1},
        name="gradient",
        n_examples=lambda c: len(c.args[3]),
        **kw,
    )


def test_exact_gradient_passes() -> None:
    _run(_grad_check(_case()), ridge)
    _run(_grad_check(_case(l2=0.0, n=1, d=1)), ridge)


def test_gradient_given_as_a_dict_passes() -> None:
    def as_dict(*args: Any) -> tuple[float, dict[str, Any]]:
        loss, gw, gb = ridge(*args)
        return loss, {"w": gw, "b": gb}

    _run(_grad_check(_case()), as_dict)


def test_a_small_error_in_one_coordinate_is_found_and_located() -> None:
    def off(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        gw = gw.copy()
        gw[2] *= 1 + 1e-4
        return loss, gw, gb

    msg = _failure(_grad_check(_case()), off)
    assert "gradient for `w`" in msg and "w[2]" in msg and "1 of 3 coordinates" in msg


def test_bias_regularised_is_named_by_the_pack_mistake() -> None:
    def bias_reg(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float) -> Any:
        loss, gw, gb = ridge(w, b, X, y, l2)
        return loss, gw, gb + l2 * b

    mistakes = {"the bias is regularised": lambda g, c: {"b": g["b"] + c.args[4] * c.args[1]}}
    msg = _failure(_grad_check(_case(), mistakes=mistakes), bias_reg)
    assert "gradient for `b`" in msg
    assert "likely mistake: the bias is regularised" in msg


def test_sum_instead_of_mean_is_named_from_n_examples() -> None:
    def summed(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float) -> Any:
        loss, gw, gb = ridge(w, b, X, y, l2)
        return loss, gw * len(y), gb * len(y)

    msg = _failure(_grad_check(_case(l2=0.0)), summed)
    assert "12 x too large" in msg and "summed over the 12 examples" in msg


@pytest.mark.parametrize(
    ("factor", "phrase"),
    [(-1.0, "wrong sign"), (2.0, "factor of 2"), (0.5, "factor of 0.5"), (3.7, "3.7 x the true")],
)
def test_constant_factors_are_named(factor: float, phrase: str) -> None:
    def scaled(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        return loss, gw * factor, gb

    assert phrase in _failure(_grad_check(_case(l2=0.0)), scaled)


def test_one_factor_on_every_block_is_named_even_for_one_feature() -> None:
    def halved(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        return loss, gw / 2, gb / 2

    msg = _failure(_grad_check(_case(l2=0.0, d=1)), halved)
    assert "the whole gradient is off by a factor of 0.5" in msg


def test_a_scalar_block_is_not_called_a_constant_factor() -> None:
    def shifted(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        return loss, gw, gb + 0.3

    msg = _failure(_grad_check(_case()), shifted)
    assert "gradient for `b`" in msg and "x the true" not in msg


def test_zero_gradient_and_swapped_blocks_are_named() -> None:
    def zero(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        return loss, np.zeros_like(gw), gb

    assert "is zero" in _failure(_grad_check(_case()), zero)

    def two_w(W1: np.ndarray, W2: np.ndarray) -> tuple[Any, ...]:
        loss = float(np.sum(W1**2) + 3 * np.sum(W2**3))
        return loss, 9 * W2**2, 2 * W1  # returned in the wrong order

    check = gradient_check(
        "f",
        [Case.of(np.array([1.0, 2.0]), np.array([0.5, -1.0]))],
        params={"W1": 0, "W2": 1},
        name="g",
    )
    assert "wrong order" in _failure(check, two_w)


def test_shape_and_arity_problems_are_explained() -> None:
    def column(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        return loss, gw[:, None], gb

    assert "has shape (3, 1), expected (3,)" in _failure(_grad_check(_case()), column)

    def loss_only(*args: Any) -> float:
        return ridge(*args)[0]

    assert "expected (loss, grad_w, grad_b)" in _failure(_grad_check(_case()), loss_only)


def test_float32_loss_is_rejected_with_a_reason() -> None:
    def single(*args: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(*args)
        return np.float32(loss), gw, gb

    assert "float32" in _failure(_grad_check(_case()), single)


def test_keyword_parameters_and_custom_unpack() -> None:
    def f(x: float, *, scale: np.ndarray) -> dict[str, Any]:
        return {"value": float(np.sum(scale**2) * x), "d": 2 * scale * x}

    check = gradient_check(
        "f",
        [Case.of(1.5, scale=np.array([1.0, -2.0]))],
        params={"scale": "scale"},
        name="kw",
        unpack=lambda out: (out["value"], {"scale": out["d"]}),
    )
    _run(check, f)


def test_every_perturbed_call_goes_to_the_child_in_one_request() -> None:
    requests: list[int] = []

    def helper(name: str, fn: Any, arg_lists: Any, kwarg_dicts: Any = None) -> Any:
        requests.append(len(arg_lists))
        return HELPERS[name](fn, arg_lists, kwarg_dicts)

    trial = types.SimpleNamespace(
        sub=types.SimpleNamespace(f=ridge), rng=np.random.default_rng(0), helper=helper
    )
    _grad_check(_case(d=3)).fn(trial)
    assert requests == [2 * (3 + 1)]  # +h and -h for w's 3 coordinates and b, at once


def test_a_loss_that_breaks_when_moved_names_the_block() -> None:
    def fragile(w: np.ndarray, b: float, *rest: Any) -> tuple[Any, ...]:
        loss, gw, gb = ridge(w, b, *rest)
        return (loss if b == 0.25 else float("nan")), gw, gb

    case = Case.of(np.array([0.5, -1.0]), 0.25, np.eye(2), np.ones(2), 0.0)
    msg = _failure(_grad_check(case), fragile)
    assert "the loss became nan when `b` moved" in msg


def test_too_many_coordinates_is_an_authoring_error() -> None:
    case = Case.of(np.zeros(500), 0.0)
    check = gradient_check("f", [case], params={"w": 0}, name="big")
    with pytest.raises(ValueError, match="too many"):
        _run(check, lambda w, b: (0.0, w))


# ---------------------------------------------------------------- stable_at_extremes
def _stable_loss(z: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _naive_loss(z: np.ndarray, y: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        p = 1 / (1 + np.exp(-z))
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _clipped_loss(z: np.ndarray, y: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        p = np.clip(1 / (1 + np.exp(-z)), 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


EXTREME = [Case.of(np.array([1000.0, -1000.0, 3.0]), np.array([0.0, 0.0, 1.0]), label="+-1000")]


def _stable(**kw: Any) -> Any:
    return stable_at_extremes("f", EXTREME, name="stable", what="loss", **kw)


def test_stable_loss_passes_and_matches_a_float_or_an_array() -> None:
    _run(_stable(), _stable_loss, _stable_loss)
    _run(_stable(), lambda z, y: np.array([_stable_loss(z, y)]), _stable_loss)


def test_overflow_is_reported_with_the_named_mistake() -> None:
    msg = _failure(
        _stable(mistakes={"log of a rounded sigmoid": _naive_loss}), _naive_loss, _stable_loss
    )
    assert "NaN" in msg or "inf" in msg
    assert "likely mistake: log of a rounded sigmoid" in msg


def test_overflow_without_a_known_mistake_gets_the_generic_explanation() -> None:
    msg = _failure(_stable(), _naive_loss, _stable_loss)
    assert "likely mistake: an intermediate overflowed" in msg


def test_a_finite_but_wrong_value_is_named() -> None:
    msg = _failure(
        _stable(mistakes={"clipped probabilities": _clipped_loss}), _clipped_loss, _stable_loss
    )
    assert "expected 333.35" in msg and "likely mistake: clipped probabilities" in msg


def test_select_picks_part_of_the_output() -> None:
    def both(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        return _stable_loss(z, y), np.zeros(3)

    check = stable_at_extremes("f", EXTREME, name="s", select=lambda out: out[0])
    _run(check, both)
