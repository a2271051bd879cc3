"""Attacks on the training probes: a wrong loop that rewrites what the probes record fails.

The training-loop exercise watches a learner's loop through probes that run in the child
(a recording model, loss, loader and optimizer). Each submission below trains wrongly in
ways no returned value shows (never moves batches, evaluates with autograd on, keeps
every batch's graph alive) and then rewrites the record: once by replacing a probe
helper, once through ``torch.optim``, once by unhooking the recording optimizer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")

from mldrills.content import Catalog
from mldrills.grading import Judge

PACKS = Path(__file__).resolve().parents[2] / "packs"

WRONG_LOOP = """
import sys
import torch


def train_epoch(model, loader, optimizer, loss_fn, device):
    model.train()
    total, count = 0.0, 0
    kept = []  # every batch's loss tensor: their graphs stay alive
    for inputs, targets in loader:  # no .to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        kept.append(loss)
        total += loss.item() * targets.size(0)
        count += targets.size(0)
    return total / count


def evaluate(model, loader, loss_fn, device):  # autograd stays on, no .to(device)
    model.eval()
    total, correct, count = 0.0, 0, 0
    for inputs, targets in loader:
        logits = model(inputs)
        total += loss_fn(logits, targets).item() * targets.size(0)
        correct += (logits.argmax(dim=1) == targets).sum().item()
        count += targets.size(0)
    return total / count, correct / count
"""

# train_epoch as wrong as above; evaluate right (only an optimizer step can forge its record).
WRONG_TRAINING = WRONG_LOOP.replace(
    "def evaluate(model, loader, loss_fn, device):  # autograd stays on, no .to(device)\n"
    "    model.eval()",
    "@torch.no_grad()\ndef evaluate(model, loader, loss_fn, device):\n    model.eval()",
).replace(
    "        logits = model(inputs)\n",
    "        inputs, targets = inputs.to(device), targets.to(device)\n        logits = model(inputs)\n",
)

# Rewrite a log as a correct loop's would read (what every attack below does).
FORGE = """
def forge(log):
    training = bool(log["steps"])
    for f in log["forwards"]:
        f["moved"] = True
        f["grad"] = training
    for r in log["losses"]:
        r["targets_moved"] = r["logits_moved"] = True
    for f in log["fetches"]:
        f["live_graphs"] = 0
    log["live_graphs"] = 0
    return log
"""

PATCH_HELPER = (
    WRONG_LOOP
    + FORGE
    + """
helpers = sys.modules["mldrills.probes.helpers"]
real_rig_log = helpers.HELPERS["rig_log"]
helpers.HELPERS["rig_log"] = lambda rig, clear=True: forge(real_rig_log(rig, clear))
"""
)

PATCH_OPTIM = (
    WRONG_TRAINING
    + FORGE
    + """
real_step = torch.optim.SGD.step


def step(self, *args, **kwargs):
    out = real_step(self, *args, **kwargs)  # the recording hook runs in here
    for hook in self._optimizer_step_pre_hooks.values():
        rig = getattr(hook, "__self__", None)
        if rig is not None:  # the rig's recorder, reached through its hook
            forge(rig.recorder.__dict__ | {"steps": [1]})
            rig.recorder._graphs.clear()
    return out


step.hooked = True  # so torch does not wrap it again
torch.optim.SGD.step = step
"""
)

UNHOOK_OPTIMIZER = WRONG_LOOP.replace(
    "    for inputs, targets in loader:  # no .to(device)",
    "    optimizer._optimizer_step_pre_hooks.clear()  # the recording optimizer records nothing\n"
    "    for inputs, targets in loader:  # no .to(device)",
)


@pytest.fixture(scope="module")
def grade() -> Iterator[Callable[[str], Any]]:
    """Grade code for the training-loop exercise, hidden checks included."""
    with Judge(Catalog(PACKS), preload_torch=True, slots=1) as judge:
        yield lambda code: judge.grade("training-loop", code, hidden=True)


def test_the_reference_still_passes(grade: Callable[[str], Any]) -> None:
    reference = (PACKS / "pytorch" / "training-loop" / "solution.py").read_text()
    assert grade(reference).status == "pass"


@pytest.mark.parametrize("attack", [PATCH_HELPER, PATCH_OPTIM], ids=["helper", "torch.optim"])
def test_a_wrong_loop_that_rewrites_the_record_fails(
    grade: Callable[[str], Any], attack: str
) -> None:
    result = grade(attack)
    assert result.status == "fail"
    messages = " ".join(c.message for c in result.checks if c.status != "pass")
    assert "replaced part of what the judge uses to watch it" in messages
    hidden = " ".join(c.message for c in result.checks if c.hidden and c.status != "pass")
    assert "replaced part of what the judge uses to watch it" in hidden  # the judge's words
    # The checks that only read the record were passed by rewriting it before.
    by_name = {c.name: c.status for c in result.checks}
    for name in ("batches are moved to the device", "no autograd graph kept across batches"):
        assert by_name[name] == "fail", name


def test_a_loop_that_unhooks_the_recording_optimizer_fails(grade: Callable[[str], Any]) -> None:
    result = grade(UNHOOK_OPTIMIZER)
    assert result.status == "fail"
    messages = " ".join(c.message for c in result.checks if c.status != "pass")
    assert "stopped recording what happens to it" in messages
