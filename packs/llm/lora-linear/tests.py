"""Visible checks for lora-linear, and the helpers the hidden checks reuse."""

from typing import Any

import numpy as np

from mldrills.checks import Suite, Trial, compare, tensor
from mldrills.checks import torch as tc

suite = Suite()
NAME = "LoRALinear"


def build(t: Trial, d_in: int = 12, d_out: int = 8, r: int = 4, alpha: float = 8.0,
          **kw: Any) -> tc.Pair:
    """The learner's layer and the reference, with the same random weights (B non-zero)."""
    return tc.build(t, NAME, d_in, d_out, r, alpha, **kw)


def lora_out(params: dict[str, np.ndarray], x: np.ndarray, scaling: float) -> np.ndarray:
    """base(x) + scaling * B A x in float64."""
    xd = x.astype(np.float64)
    y = xd @ params["base.weight"].T.astype(np.float64)
    if "base.bias" in params:
        y = y + params["base.bias"]
    return y + scaling * (xd @ params["lora_A"].T.astype(np.float64)) @ params["lora_B"].T


def scaling_variants(params: dict[str, np.ndarray], x: np.ndarray, r: int, alpha: float
                     ) -> dict[str, np.ndarray]:
    """What each scaling mistake returns."""
    return {
        "the update is scaled by r / alpha instead of alpha / r": lora_out(params, x, r / alpha),
        "the update is not scaled at all (alpha / r missing)": lora_out(params, x, 1.0),
        "the update is scaled by alpha instead of alpha / r": lora_out(params, x, alpha),
        "the adapter is ignored: only the base layer runs": lora_out(params, x, 0.0),
    }


@suite.check(
    "at init: B is zero, A is not, and the output equals the base layer",
    hint="the adapter must start as an exact no-op, yet still be able to learn: which of the "
    "two matrices starts at zero?",
)
def at_init(t: Trial) -> None:
    layer = t.sub.LoRALinear(12, 8, 4, 8.0)
    info = t.helper("parameters", layer)
    missing = [n for n in ("base.weight", "base.bias", "lora_A", "lora_B") if n not in info]
    compare.is_true(not missing, f"parameters {missing} are missing (got {sorted(info)}); the "
                    "statement fixes the names base, lora_A, lora_B")
    A, B = info["lora_A"]["value"], info["lora_B"]["value"]
    compare.equal(list(A.shape), [4, 12], what="lora_A shape (r, in_features)")
    compare.equal(list(B.shape), [8, 4], what="lora_B shape (out_features, r)")
    swapped = "\n  likely mistake: the roles are swapped (B random, A zero)" if not np.any(A) else ""
    compare.is_true(
        not np.any(B),
        f"lora_B is not zero at init (max |B| = {np.abs(B).max():.3g}): the adapted layer "
        "must start exactly equal to the pretrained one" + swapped,
    )
    compare.is_true(
        bool(np.any(A)) and float(A.std()) > 0,
        "lora_A is all zeros at init: with B = 0 as well, the gradients of A and B are both "
        "zero and the adapter never learns\n  likely mistake: both matrices initialised to "
        "zero; only B starts at zero, A gets a random init",
    )
    x = tc.randn(t.rng, 5, 12)
    want = x @ info["base.weight"]["value"].T + info["base.bias"]["value"]
    compare.close(compare.as_array(layer(tensor(x)), "layer(x)"), want,
                  what="layer(x) at init vs its own base layer", rtol=1e-5, atol=1e-5)


@suite.check(
    "output is base(x) + (alpha / r) * B A x",
    hint="the low-rank path goes x -> A -> B and is scaled by alpha / r",
)
def forward(t: Trial) -> None:
    pair = build(t)
    x = tc.randn(t.rng, 6, 12)
    got, want = pair.forward(x)
    tc.close(got, want, what="LoRALinear(12, 8, r=4, alpha=8)(x)",
             inputs="x (6, 12), random A and non-zero B loaded in both layers",
             variants=scaling_variants(pair.params, x, 4, 8.0), rtol=1e-5, atol=1e-5)
