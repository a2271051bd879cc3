"""Hidden checks for lora-linear: frozen base, gradients, merge and unmerge, shapes."""

import runpy
from pathlib import Path

import numpy as np
import torch

from mldrills.checks import Suite, Trial, compare, tensor
from mldrills.checks import torch as tc

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
build = _visible["build"]
lora_out = _visible["lora_out"]
scaling_variants = _visible["scaling_variants"]

suite = Suite()


@suite.check(
    "only A and B are trainable",
    hint="the pretrained weight and bias must not receive updates: freeze them",
)
def frozen(t: Trial) -> None:
    for d_in, d_out, r in ((12, 8, 4), (16, 5, 2)):
        info = t.helper("parameters", t.sub.LoRALinear(d_in, d_out, r, 16.0))
        trainable = sorted(n for n, i in info.items() if i["requires_grad"])
        compare.equal(
            trainable,
            ["lora_A", "lora_B"],
            what=f"parameters with requires_grad=True in LoRALinear({d_in}, {d_out}, r={r})",
            diagnose={
                "the base layer was left trainable (call requires_grad_(False) on it)": sorted(
                    info
                ),
            },
        )
        count = sum(int(np.prod(i["shape"])) for n, i in info.items() if i["requires_grad"])
        compare.equal(count, r * (d_in + d_out),
                      what=f"trainable parameter count, r*(d_in + d_out) = {r}*({d_in}+{d_out})")


@suite.check(
    "gradients reach A and B, not the base",
    hint="dL/dA and dL/dB both carry the alpha / r factor; the base gets no gradient",
)
def gradients(t: Trial) -> None:
    pair = build(t)
    x, g = tc.randn(t.rng, 6, 12), tc.randn(t.rng, 6, 8)
    t.helper("zero_grads", pair.sub)
    t.helper("backward_sum", pair.sub._keep(tensor(x)), g)
    got = t.helper("parameters", pair.sub)
    pair.ref.zero_grad(set_to_none=True)
    (pair.ref(torch.from_numpy(x)) * torch.from_numpy(g)).sum().backward()
    for name in ("base.weight", "base.bias"):
        grad = got[name]["grad"]
        compare.is_true(grad is None or not np.any(grad),
                        f"{name} received a gradient: the base layer is not frozen")
    for name in ("lora_A", "lora_B"):
        compare.is_true(got[name]["grad"] is not None, f"{name} received no gradient")
        want = dict(pair.ref.named_parameters())[name].grad.numpy()
        tc.close(got[name]["grad"], want, what=f"gradient of {name}", rtol=1e-4, atol=1e-5,
                 variants={"the update is not scaled by alpha / r": want / 2.0})


def _weight(t: Trial, pair: tc.Pair) -> np.ndarray:
    return t.helper("parameters", pair.sub)["base.weight"]["value"]


@suite.check(
    "merge folds the scaled update into the weight",
    hint="after merge, base.weight = W + (alpha / r) B A and the forward must not add the "
    "update a second time; merging twice changes nothing",
)
def merge(t: Trial) -> None:
    pair = build(t, r=2, alpha=6.0)
    p = pair.params
    x = tc.randn(t.rng, 5, 12)
    before = compare.as_array(pair.sub_fn(x), "layer(x) before merge")
    pair.sub.merge()
    delta = p["lora_B"].astype(np.float64) @ p["lora_A"]
    want = p["base.weight"] + 3.0 * delta
    tc.close(_weight(t, pair), want, what="base.weight after merge()", rtol=1e-5, atol=1e-6,
             variants={
                 "merge adds B @ A without the alpha / r scaling": p["base.weight"] + delta,
                 "merge adds (r / alpha) B @ A": p["base.weight"] + delta * 2.0 / 6.0,
                 "merge did not change the weight": p["base.weight"],
             })
    after = compare.as_array(pair.sub_fn(x), "layer(x) after merge")
    tc.close(after, before, what="layer(x) after merge() (must equal the unmerged output)",
             rtol=1e-5, atol=1e-5,
             variants={"the forward still adds the low-rank path after merge, counting the "
                       "update twice": before + 3.0 * (x @ delta.T)})
    pair.sub.merge()
    tc.close(_weight(t, pair), want, what="base.weight after a second merge() (a no-op)",
             rtol=1e-5, atol=1e-6,
             variants={"a second merge adds the update again": want + 3.0 * delta})


@suite.check(
    "merge keeps the base frozen and in place",
    hint="merge changes the values of the existing base.weight under torch.no_grad(); it "
    "must not put a new nn.Parameter (trainable by default) in its place",
)
def merge_keeps_frozen(t: Trial) -> None:
    pair = build(t, r=2, alpha=6.0)
    before = t.helper("parameters", pair.sub)
    trainable = 2 * (12 + 8)
    for step in ("merge", "unmerge"):
        getattr(pair.sub, step)()
        after = t.helper("parameters", pair.sub)
        what = f"after {step}()" if step == "merge" else "after merge() then unmerge()"
        compare.equal(
            sorted(n for n, i in after.items() if i["requires_grad"]),
            ["lora_A", "lora_B"],
            what=f"parameters with requires_grad=True {what}",
            diagnose={
                "merge put a new nn.Parameter in place of base.weight (requires_grad=True by "
                "default), so the pretrained weight becomes trainable": ["base.weight", "lora_A", "lora_B"],
            },
        )
        count = sum(int(np.prod(i["shape"])) for i in after.values() if i["requires_grad"])
        compare.equal(count, trainable, what=f"trainable parameter count {what}, r*(d_in + d_out)")
        for name in ("base.weight", "base.bias"):
            compare.is_true(name in after, f"{name} is missing from the parameters {what}")
            compare.is_true(
                after[name]["ptr"] == before[name]["ptr"],
                f"{name} {what} is a new tensor, not the original one updated in place: an "
                "optimizer or a tied module holding the original would no longer see it",
            )


@suite.check(
    "unmerge restores the base weight",
    hint="unmerge subtracts exactly what merge added, and the forward uses the adapter again",
)
def unmerge(t: Trial) -> None:
    pair = build(t, r=2, alpha=6.0)
    x = tc.randn(t.rng, 5, 12)
    before = compare.as_array(pair.sub_fn(x), "layer(x)")
    pair.sub.unmerge()  # not merged yet: a no-op
    tc.close(_weight(t, pair), pair.params["base.weight"],
             what="base.weight after unmerge() on a layer that was never merged (a no-op)",
             rtol=0, atol=1e-7)
    pair.sub.merge()
    pair.sub.unmerge()
    tc.close(_weight(t, pair), pair.params["base.weight"],
             what="base.weight after merge() then unmerge()", rtol=1e-6, atol=1e-6)
    tc.close(compare.as_array(pair.sub_fn(x), "layer(x)"), before,
             what="layer(x) after merge() then unmerge()", rtol=1e-5, atol=1e-5)


@suite.check(
    "any leading shape, no bias, rank 1",
    hint="x may be (..., in_features); bias=False leaves base.bias out",
)
def shapes(t: Trial) -> None:
    pair = build(t, 10, 6, 1, 1.0, bias=False)
    x = tc.randn(t.rng, 2, 3, 10)
    got, want = pair.forward(x)
    tc.close(got, want, what="LoRALinear(10, 6, r=1, alpha=1, bias=False)(x), x (2, 3, 10)",
             variants=scaling_variants(pair.params, x, 1, 1.0), rtol=1e-5, atol=1e-5)
    pair = build(t, 8, 8, 8, 32.0)
    x = tc.randn(t.rng, 4, 8)
    got, want = pair.forward(x)
    tc.close(got, want, what="LoRALinear(8, 8, r=8, alpha=32)(x), full rank",
             variants=scaling_variants(pair.params, x, 8, 32.0), rtol=1e-5, atol=1e-5)
