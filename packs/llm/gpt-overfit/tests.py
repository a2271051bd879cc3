"""Visible checks for gpt-overfit, and the helpers the hidden checks reuse."""

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import Remote, Suite, Trial, compare, tensor

suite = Suite()

STEPS, TARGET = 100, 0.1


@dataclass
class Rig:
    """The learner's model and optimizer (in the child) and the reference model (here)."""

    t: Trial
    ref: Any
    sub: Remote
    opt: Remote
    batch: np.ndarray

    def step(self) -> float:
        """One call of the learner's train_step; the loss it reports."""
        return self._loss(self.t.sub.train_step(self.sub, self.opt, tensor(self.batch)))

    def steps(self, n: int) -> list[float]:
        """``n`` calls of the learner's train_step in one round trip; the losses it reports."""
        args = [[self.sub, self.opt, tensor(self.batch)] for _ in range(n)]
        return [self._loss(raw) for raw in self.t.helper("call_each", self.t.sub.train_step, args)]

    def _loss(self, raw: Any) -> float:
        got = compare.as_array(raw, "train_step(...) return value")
        compare.is_true(got.size == 1, f"train_step must return one number, got shape {got.shape}")
        compare.is_true(
            isinstance(raw, float),
            f"train_step returned {compare.short(raw)}; expected a Python float (loss.item()): "
            "a returned tensor keeps each step's autograd graph alive in the caller, so "
            "memory grows with the number of steps",
        )
        return float(got.reshape(()))

    def weights(self) -> dict[str, np.ndarray]:
        """The learner's current parameter values."""
        return {n: i["value"] for n, i in self.t.helper("parameters", self.sub).items()}

    def ref_loss(self, weights: dict[str, np.ndarray], *, shift: int = 1,
                 grads: bool = False) -> tuple[float, dict[str, np.ndarray]]:
        """The reference loss (and gradients) of the batch at the given weights."""
        with torch.no_grad():
            for n, p in self.ref.named_parameters():
                p.copy_(torch.from_numpy(weights[n]))
        b = torch.from_numpy(self.batch)
        T = b.shape[1] - 1
        x, y = b[:, :T], b[:, shift : shift + T]
        self.ref.zero_grad(set_to_none=True)
        with torch.set_grad_enabled(grads):
            logits = self.ref(x)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        if not grads:
            return loss.item(), {}
        loss.backward()
        return loss.item(), {n: p.grad.numpy().copy() for n, p in self.ref.named_parameters()}


def make_rig(t: Trial, vocab: int = 32, T: int = 16, B: int = 4, n_layer: int = 1) -> Rig:
    """TinyGPT with the same seeded default init on both sides, and a batch to memorise."""
    seed = int(t.rng.integers(2**31))
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        ref = t.ref.TinyGPT(vocab, T, n_layer)
    sub = t.sub.TinyGPT(vocab, T, n_layer)
    t.helper("load_parameters", sub, {n: p.detach().numpy() for n, p in ref.named_parameters()})
    batch = t.rng.integers(0, vocab, (B, T + 1)).astype(np.int64)
    batch[:, 0] = t.rng.choice(vocab, B, replace=False)  # distinct prefixes: all memorisable
    return Rig(t, ref, sub, t.sub.make_optimizer._keep(sub), batch)


@suite.check(
    "one step: the loss before the update, and an update",
    hint="inputs are tokens 0..T-1, targets tokens 1..T; the loss is measured before the "
    "parameters move, and the step must move them",
)
def one_step(t: Trial) -> None:
    rig = make_rig(t)
    w0 = rig.weights()
    expected, _ = rig.ref_loss(w0)
    got = rig.step()
    compare.close(
        got,
        expected,
        what="loss returned by the first train_step",
        inputs="batch (4, 17) of token ids",
        rtol=1e-4,
        atol=1e-5,
        diagnose={
            "the targets are the input tokens themselves (no shift): the model learns to copy "
            "the current token, not to predict the next one": rig.ref_loss(w0, shift=0)[0],
        },
    )
    moved = max(float(np.abs(v - w0[n]).max()) for n, v in rig.weights().items())
    if moved > 0:
        return
    # Nothing moved: gradients still in .grad mean step() never ran; none left means they
    # were cleared between backward() and step().
    grads = [i["grad"] for i in t.helper("parameters", rig.sub).values()]
    kept = any(g is not None and np.any(g) for g in grads)
    t.fail(
        "after train_step no parameter changed, "
        + (
            "although .grad holds this step's gradients: optimizer.step() never ran"
            if kept
            else "and .grad is empty: the gradients were cleared before optimizer.step() "
            "could use them"
        ),
        hint="likely mistake: "
        + (
            "optimizer.step() is never called"
            if kept
            else "zero_grad() runs between backward() and step(); clear at the start of the step"
        ),
    )


@suite.check(
    f"memorises one batch in {STEPS} steps",
    hint=f"the loss must fall below {TARGET} within {STEPS} steps: choose an optimizer and a "
    "learning rate that can",
    seconds=30,
)
def overfit(t: Trial) -> None:
    rig = make_rig(t)
    start, _ = rig.ref_loss(rig.weights())
    reported = rig.steps(STEPS - 1)
    _, last_grad = rig.ref_loss(rig.weights(), grads=True)
    reported.append(rig.step())
    final, _ = rig.ref_loss(rig.weights())
    if final < TARGET:
        return
    info = t.helper("parameters", rig.sub)
    piled = any(
        info[n]["grad"] is not None
        and not np.allclose(info[n]["grad"], g, rtol=1e-3, atol=1e-4)
        for n, g in last_grad.items()
    )
    if piled:
        why = ("after the last step .grad is not that step's gradient: gradients pile up "
               "across steps (zero_grad() missing or misplaced)")
    elif not np.isfinite(final) or final > start:
        why = "the loss went up or became NaN: the learning rate is too large"
    elif final > 0.9 * start:
        why = ("the loss barely moved: the learning rate is far too small (or the update is "
               "not applied)")
    else:
        why = "the loss falls, but too slowly for the budget: raise the learning rate"
    t.fail(
        f"after {STEPS} calls of train_step the loss on the batch is {final:.4g} (it started at "
        f"{start:.4g}; your reported losses went {reported[0]:.4g} -> {reported[-1]:.4g}); "
        f"it must fall below {TARGET}\n  likely mistake: {why}"
    )
