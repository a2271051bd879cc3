"""Visible checks for sampling, and the helpers the hidden checks reuse."""

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from scipy.stats import chi2

from mldrills.checks import Suite, Trial, compare, tensor

suite = Suite()

# logits of probabilities 0.45, 0.25, 0.15, 0.10, 0.05 (the statement's example)
EXAMPLE = np.log(np.array([[0.45, 0.25, 0.15, 0.10, 0.05]])).astype(np.float32)


def variant(
    x: np.ndarray,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    *,
    p_before_k: bool = False,
    temperature_last: bool = False,
    inclusive: bool = False,
    exactly_k: bool = False,
    softmax_dim: int = -1,
    unstable: bool = False,
) -> np.ndarray:
    """filter_logits with switches for the classic mistakes (all off: the right answer)."""
    z = torch.from_numpy(np.array(x, dtype=np.float64))
    if not temperature_last:
        z = z / temperature

    def by_k(z: torch.Tensor) -> torch.Tensor:
        if top_k is None or top_k >= z.shape[-1]:
            return z
        if exactly_k:
            keep = torch.zeros_like(z, dtype=torch.bool).scatter(-1, z.topk(top_k).indices, True)
            return z.masked_fill(~keep, float("-inf"))
        return z.masked_fill(z < z.topk(top_k).values[:, -1:], float("-inf"))

    def by_p(z: torch.Tensor) -> torch.Tensor:
        if top_p is None or top_p >= 1.0:
            return z
        probs = F.softmax(z, dim=softmax_dim)
        ps, order = torch.sort(probs, dim=-1, descending=True, stable=not unstable)
        mass = torch.cumsum(ps, -1) if inclusive else torch.cumsum(ps, -1) - ps
        drop = torch.zeros_like(ps, dtype=torch.bool).scatter(-1, order, mass >= top_p)
        return z.masked_fill(drop, float("-inf"))

    z = by_k(by_p(z)) if p_before_k else by_p(by_k(z))
    if temperature_last:
        z = z / temperature
    return z.numpy()


MISTAKES: dict[str, dict[str, Any]] = {
    "top-p runs before top-k: the nucleus must be taken from the distribution top-k left": {
        "p_before_k": True
    },
    "temperature applied after the filters: top-p must see the tempered distribution": {
        "temperature_last": True
    },
    "a token is kept only while the cumulative mass including it is below top_p, so the "
    "token that crosses top_p is dropped (keep it: compare the mass ranked above it)": {
        "inclusive": True
    },
    "top-k keeps exactly k token ids and drops the ties with the k-th largest value": {
        "exactly_k": True
    },
    "the softmax inside top-p runs over the batch axis instead of the vocabulary": {
        "softmax_dim": 0
    },
    "equal probabilities are not ranked by token id: the sort is not stable (torch.sort "
    "needs stable=True; it keeps ties in order on short rows only)": {"unstable": True},
}


def _kept(a: np.ndarray) -> np.ndarray:
    return np.isfinite(a)


def check_filtered(t: Trial, x: np.ndarray, label: str, **kw: Any) -> None:
    """The learner's filter_logits on ``x`` keeps the same tokens with the same values."""
    got = compare.as_array(t.sub.filter_logits(tensor(x), **kw), "filter_logits(...)")
    want = variant(x, **kw)
    what = f"filter_logits(logits, {', '.join(f'{k}={v}' for k, v in kw.items())}) ({label})"
    inputs = f"logits {compare.short(x) if x.size <= 8 else f'of shape {x.shape}'}"
    if got.shape != want.shape:
        t.fail(f"{what}: expected shape {want.shape}, got {got.shape}\n  input: {inputs}")
    if np.isnan(got).any():
        t.fail(f"{what}: the output holds NaN (removed tokens must be -inf)\n  input: {inputs}")
    if not np.array_equal(_kept(got), _kept(want)):
        row = int(np.argmax((_kept(got) != _kept(want)).any(axis=1)))
        tag = [name for name, sw in MISTAKES.items()
               if np.array_equal(_kept(got), _kept(variant(x, **kw, **sw)))]
        t.fail(
            f"{what}: row {row} keeps tokens {np.flatnonzero(_kept(got)[row]).tolist()}, "
            f"expected {np.flatnonzero(_kept(want)[row]).tolist()}"
            + (
                f" (softmax(logits / temperature) = {_rounded(x[row], kw)})"
                if x.shape[1] <= 8
                else ""
            )
            + f"\n  input: {inputs}",
            hint=f"likely mistake: {tag[0]}" if tag else None,
        )
    keep = _kept(want)
    compare.close(
        got[keep],
        want[keep],
        what=f"{what}: values of the kept tokens (logits / temperature)",
        rtol=1e-5,
        atol=1e-5,
        diagnose={"kept logits are not divided by the temperature": x[keep]},
    )


def _rounded(row: np.ndarray, kw: Mapping[str, Any]) -> list[float]:
    z = row.astype(np.float64) / kw.get("temperature", 1.0)
    e = np.exp(z - z.max())
    return [round(float(v), 4) for v in e / e.sum()]


def generator(t: Trial, seed: int) -> Any:
    """A generator in the child, made by the learner's (given) make_generator."""
    return t.sub.make_generator._keep(seed)


def chi_square_p(counts: np.ndarray, probs: np.ndarray) -> float:
    """p-value of the counts under ``probs`` (only tokens with probability > 0)."""
    n, live = counts.sum(), probs > 0
    if (counts[~live] > 0).any():
        return 0.0
    exp = n * probs[live]
    stat = float(((counts[live] - exp) ** 2 / exp).sum())
    return float(chi2.sf(stat, max(int(live.sum()) - 1, 1)))


def counts_of(draws: Any, vocab: int, what: str) -> np.ndarray:
    """Histogram of the learner's draws over the vocabulary."""
    arr = compare.as_array(draws, what)
    compare.is_true(arr.dtype.kind in "iu", f"{what}: expected integer token ids, got {arr.dtype}")
    compare.is_true(
        arr.min() >= 0 and arr.max() < vocab,
        f"{what}: token ids must lie in [0, {vocab}), got {arr.min()}..{arr.max()}",
    )
    return np.bincount(arr.reshape(-1), minlength=vocab)


def describe_mismatch(counts: np.ndarray, probs: np.ndarray) -> str:
    """Observed against expected frequencies, token by token."""
    n = counts.sum()
    return ", ".join(f"{j}: {c / n:.3f} vs {p:.3f}" for j, (c, p) in enumerate(zip(counts, probs)))


def best_alternative(counts: np.ndarray, alternatives: Mapping[str, np.ndarray]) -> str | None:
    """The wrong distribution the draws fit, if any."""
    for mistake, probs in alternatives.items():
        if chi_square_p(counts, probs) > 1e-3:
            return mistake
    return None


@suite.check(
    "the statement's example",
    hint="temperature first, then top-k, then top-p on what top-k left; a kept token keeps "
    "its scaled logit",
)
def example(t: Trial) -> None:
    for kw in (
        {"temperature": 2.0},
        {"top_k": 3},
        {"top_p": 0.72},
        {"top_k": 3, "top_p": 0.72},
        {"temperature": 0.5, "top_p": 0.72},
    ):
        check_filtered(t, EXAMPLE, "the statement's example", **kw)


@suite.check(
    "greedy decoding at temperature 0",
    hint="temperature 0 means the arg max (the first one among equal maxima), no randomness",
)
def greedy(t: Trial) -> None:
    x = np.array([[0.1, 2.0, -1.0, 2.0], [3.0, 0.0, 1.0, -5.0], [0.0, 0.0, 0.0, 0.0]], np.float32)
    got = compare.as_array(
        t.sub.sample_next(tensor(x), temperature=0.0, generator=generator(t, 0)),
        "sample_next(..., temperature=0)",
    )
    compare.is_true(
        got.shape == (3,) and got.dtype == np.int64,
        f"sample_next on logits of shape (3, 4) returned shape {got.shape} and dtype "
        f"{got.dtype}; expected shape (3,) (one id per row, no trailing axis) and int64",
    )
    compare.equal(
        got.tolist(),
        [1, 0, 0],
        what="sample_next(logits, temperature=0)",
        inputs=f"logits {x.tolist()} (rows 0 and 2 have tied maxima)",
    )
