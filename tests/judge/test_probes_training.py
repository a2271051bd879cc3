"""The training probes record what a loop does, and only that: each probe is run here on
a correct loop and on the mistake it exists to reveal."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from mldrills.probes import helpers as probes  # noqa: E402
from mldrills.probes import training as probes_training  # noqa: E402
from mldrills.probes.training import (  # noqa: E402
    build_fit_rig,
    build_training_rig,
    loader_batches,
    nudge_,
    param_bag,
    state_arrays,
    structure,
)


def _loop(rig, *, zero_grad=True, move=True, keep_graph=False, device="cpu"):
    """A plain training loop with switchable mistakes."""
    rig.model.train()
    total = 0.0
    for x, y in rig.loader:
        if move:
            x, y = x.to(device), y.to(device)
        if zero_grad:
            rig.optimizer.zero_grad()
        loss = rig.loss_fn(rig.model(x), y)
        loss.backward()
        rig.optimizer.step()
        total = total + (loss if keep_graph else loss.item())
    return total


def test_helpers_are_registered_with_the_trusted_helpers() -> None:
    for name, fn in probes_training.HELPERS.items():
        assert probes.HELPERS[name] is fn


def test_module_import_does_not_load_torch() -> None:
    code = "import sys, mldrills.probes.helpers; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_staged_tensors_become_plain_only_when_moved_to_a_device() -> None:
    staged = torch.zeros(2, 3).as_subclass(probes_training._classes().Staged)
    for moved in (
        staged.to("cpu"),
        staged.to(device="cpu", non_blocking=True),
        staged.to(torch.device("cpu")),
        staged.to(torch.ones(1)),
    ):
        assert type(moved) is torch.Tensor
    for not_moved in (staged.to(torch.float64), staged.float(), staged.clone(), staged.cpu()):
        assert type(not_moved) is not torch.Tensor


def test_same_spec_builds_the_same_rig() -> None:
    rng_state = torch.get_rng_state()
    a, b = build_training_rig({"seed": 4}), build_training_rig({"seed": 4})
    assert torch.equal(torch.get_rng_state(), rng_state)  # the global generator is untouched
    other = build_training_rig({"seed": 5})
    for name, value in state_arrays(a.model).items():
        np.testing.assert_array_equal(value, state_arrays(b.model)[name])
    assert not np.array_equal(
        state_arrays(a.model)["fc1.weight"], state_arrays(other.model)["fc1.weight"]
    )
    assert [y.tolist() for _, y in a.loader] == [y.tolist() for _, y in b.loader]
    with pytest.raises(ValueError, match="unknown rig option"):
        build_training_rig({"sed": 1})


def test_a_correct_loop_records_clean() -> None:
    rig = build_training_rig({"seed": 0, "lr": 0.0, "dropout": 0.0})
    _loop(rig)
    log = rig.log()
    assert log["passes"] == 1 and len(log["steps"]) == len(log["forwards"]) == 4
    assert {(f["mode"], f["grad"], f["moved"]) for f in log["forwards"]} == {("train", True, True)}
    assert all(r["targets_moved"] for r in log["losses"])
    assert max(f["live_graphs"] for f in log["fetches"]) <= 1 and log["live_graphs"] == 0
    # the gradient recorded at each step is that batch's gradient, from autograd directly
    twin = build_training_rig({"seed": 0, "lr": 0.0, "dropout": 0.0})
    params = dict(twin.model.named_parameters())
    for step, (x, y) in zip(log["steps"], twin.loader.arrays, strict=True):
        loss = torch.nn.functional.cross_entropy(
            twin.model(torch.from_numpy(x)), torch.from_numpy(y)
        )
        grads = torch.autograd.grad(loss, list(params.values()))
        for name, g in zip(params, grads, strict=True):
            np.testing.assert_allclose(step["grads"][name], g.numpy(), rtol=1e-5, atol=1e-7)
    assert rig.log()["forwards"] == []  # the log was cleared


def test_the_mistakes_show_in_the_log() -> None:
    rig = build_training_rig({"seed": 1, "lr": 0.0, "dropout": 0.0})
    _loop(rig, zero_grad=False)
    steps = rig.log()["steps"]
    clean = build_training_rig({"seed": 1, "lr": 0.0, "dropout": 0.0})
    _loop(clean)
    fresh = clean.log()["steps"]
    np.testing.assert_allclose(
        steps[1]["grads"]["fc2.weight"],
        fresh[0]["grads"]["fc2.weight"] + fresh[1]["grads"]["fc2.weight"],
        rtol=1e-5,
    )

    rig = build_training_rig({"seed": 1})
    _loop(rig, move=False)
    log = rig.log()
    assert not any(f["moved"] for f in log["forwards"])
    assert not any(r["targets_moved"] for r in log["losses"])

    rig = build_training_rig({"seed": 1, "sizes": [2] * 6})
    total = _loop(rig, keep_graph=True)
    assert [f["live_graphs"] for f in rig.log()["fetches"]] == [0, 1, 2, 3, 4, 5]
    del total

    rig = build_training_rig({"seed": 1})
    rig.model.training = False  # not .eval(): the submodules stay in training mode
    for x, _ in rig.loader:
        rig.model(x.to("cpu"))
    assert {f["mode"] for f in rig.log()["forwards"]} == {"mixed"}
    rig.model.eval()
    with torch.no_grad():
        rig.model(torch.zeros(2, 5))
    assert [(f["mode"], f["grad"]) for f in rig.log()["forwards"]] == [("eval", False)]


def test_stale_gradients_and_param_groups() -> None:
    rig = build_training_rig({"seed": 2, "stale_grads": True, "groups": 2, "lr": 0.3})
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in rig.model.parameters())
    assert len(rig.optimizer.param_groups) == 2
    _loop(rig)
    assert all(step["lrs"] == [0.3, 0.3] for step in rig.log()["steps"])


def test_copies_of_the_probe_model_keep_reporting() -> None:
    rig = build_training_rig({"seed": 3})
    clone = copy.deepcopy(rig.model)
    assert clone.recorder is rig.model.recorder
    clone(torch.zeros(2, 5))
    assert len(rig.log()["forwards"]) == 1
    restored = pickle.loads(pickle.dumps(rig.model))
    assert type(restored).__name__ == "ProbeNet"


def test_fit_rig_trains_in_place_and_scripts_the_metric() -> None:
    rig = build_fit_rig({"seed": 7, "metrics": [0.5, 0.4]})
    with pytest.raises(RuntimeError, match="before any train_epoch"):
        rig.validate(rig.model)
    before = state_arrays(rig.model)
    ptrs = {n: t.data_ptr() for n, t in rig.model.state_dict().items()}
    rig.train_epoch(rig.model)
    after = state_arrays(rig.model)
    assert all(not np.array_equal(before[n], after[n]) for n in before)  # every entry moved
    assert {n: t.data_ptr() for n, t in rig.model.state_dict().items()} == ptrs  # in place
    assert rig.validate(rig.model) == rig.validate(rig.model) == 0.5
    rig.train_epoch(rig.model)
    assert rig.validate(rig.model) == 0.4
    rig.train_epoch(rig.model)
    with pytest.raises(RuntimeError, match="past the 2 epochs"):
        rig.validate(rig.model)
    assert rig.log() == {"train_calls": 3, "validate_calls": 5}
    twin = build_fit_rig({"seed": 7})
    for _ in range(3):
        twin.train_epoch(twin.model)
    assert all(
        np.array_equal(v, state_arrays(rig.model)[n]) for n, v in state_arrays(twin.model).items()
    )


def test_nudge_is_seeded_and_keeps_variances_positive() -> None:
    a, b = build_fit_rig({"seed": 0}).model, build_fit_rig({"seed": 0}).model
    for _ in range(50):
        nudge_(a, 3, scale=1.0)
    nudge_(b, 3, scale=1.0)
    assert (a.norm.running_var > 0).all()
    assert int(b.norm.num_batches_tracked) == 1


def test_param_bag_structure_and_loader() -> None:
    bag = param_bag([np.ones((2, 2)), np.zeros(3)], [np.full((2, 2), 2.0), None])
    first, second = bag.as_list()
    assert first.grad.tolist() == [[2.0, 2.0], [2.0, 2.0]] and second.grad is None
    x = torch.ones(2, requires_grad=True)
    s = structure({"a": x * 2, "b": (1, np.zeros(2, dtype=np.int64))})
    assert s["items"]["a"] == {
        "kind": "tensor",
        "dtype": "float32",
        "shape": [2],
        "device": "cpu",
        "requires_grad": True,
        "grad_fn": "MulBackward0",
    }
    assert s["items"]["b"]["kind"] == "tuple"
    assert s["items"]["b"]["items"][0] == {"kind": "builtins.int"}

    def collate(batch, scale=1):
        return torch.tensor(batch) * scale

    batches = loader_batches([1, 2, 3], 2, collate, {"scale": 10})
    assert [b["value"].tolist() for b in batches] == [[10, 20], [30]]
    assert batches[1]["structure"]["shape"] == [1]
