"""References (and alternatives) of the PyTorch training packs against independent oracles.

training-loop: full-dataset cross-entropy and sklearn's accuracy, manual SGD from
torch.autograd.grad. padded-collate: torch's pad_sequence. clip-and-schedule:
torch.nn.utils.clip_grad_norm_ and torch's LinearLR + CosineAnnealingLR schedulers.
early-stopping: the statement's worked example and a brute-force restatement of the rule.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
F = torch.nn.functional

TRAINING_LOOP = ["solution", "alternatives/inference-mode", "alternatives/collect-then-reduce"]
COLLATE = ["solution", "alternatives/pad-sequence", "alternatives/pad-and-stack"]
CLIP = ["solution", "alternatives/library", "alternatives/foreach"]
EARLY = ["solution", "alternatives/deepcopy-model", "alternatives/clone-and-copy"]


# ------------------------------------------------------------------------------ training-loop
def _data(seed: int, sizes: list[int], n_in: int = 5, n_out: int = 3):
    g = torch.Generator().manual_seed(seed)
    batches = [
        (torch.randn(n, n_in, generator=g), torch.randint(0, n_out, (n,), generator=g))
        for n in sizes
    ]
    model = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        model.weight.copy_(torch.randn(n_out, n_in, generator=g))
        model.bias.copy_(torch.randn(n_out, generator=g))
    return model, batches


@pytest.mark.parametrize("module", TRAINING_LOOP)
def test_evaluate_matches_full_batch_loss_and_sklearn_accuracy(load_pack, module) -> None:
    from sklearn.metrics import accuracy_score

    sol = load_pack("training-loop", module)
    model, batches = _data(0, [4, 4, 4, 2])
    loader = _Loader(batches)
    loss, acc = sol.evaluate(model, loader, torch.nn.CrossEntropyLoss(), "cpu")
    X, y = torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])
    with torch.no_grad():
        logits = model(X)
    assert isinstance(loss, float) and isinstance(acc, float)
    assert loss == pytest.approx(F.cross_entropy(logits, y).item(), rel=1e-6)
    assert acc == pytest.approx(accuracy_score(y.numpy(), logits.argmax(1).numpy()))


@pytest.mark.parametrize("module", TRAINING_LOOP)
def test_train_epoch_is_sgd_on_each_batch_in_turn(load_pack, module) -> None:
    sol = load_pack("training-loop", module)
    model, batches = _data(1, [3, 3, 2])
    oracle = {n: p.detach().clone() for n, p in model.named_parameters()}
    expected_losses = []
    for x, y in batches:  # manual SGD: w <- w - lr * dL_b/dw, the gradient of batch b only
        w, b = oracle["weight"].requires_grad_(), oracle["bias"].requires_grad_()
        loss = F.cross_entropy(x @ w.T + b, y)
        gw, gb = torch.autograd.grad(loss, (w, b))
        oracle = {"weight": (w - 0.5 * gw).detach(), "bias": (b - 0.5 * gb).detach()}
        expected_losses.append((loss.item(), len(y)))
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    got = sol.train_epoch(model, _Loader(batches), opt, torch.nn.CrossEntropyLoss(), "cpu")
    mean = sum(v * n for v, n in expected_losses) / sum(n for _, n in expected_losses)
    assert isinstance(got, float) and got == pytest.approx(mean, rel=1e-6)
    for name, p in model.named_parameters():
        torch.testing.assert_close(p.detach(), oracle[name], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("module", TRAINING_LOOP)
def test_training_loop_passes_the_probes(load_pack, module) -> None:
    from mldrills.probes.training import build_training_rig

    sol = load_pack("training-loop", module)
    rig = build_training_rig({"seed": 2, "stale_grads": True, "lr": 0.0})
    rig.model.eval()
    sol.train_epoch(rig.model, rig.loader, rig.optimizer, rig.loss_fn, "cpu")
    log = rig.log()
    assert {f["mode"] for f in log["forwards"]} == {"train"}
    assert all(f["moved"] for f in log["forwards"]) and all(
        r["targets_moved"] for r in log["losses"]
    )
    assert max(f["live_graphs"] for f in log["fetches"]) <= 1
    sol.evaluate(rig.model, rig.loader, rig.loss_fn, "cpu")
    log = rig.log()
    assert {(f["mode"], f["grad"]) for f in log["forwards"]} == {("eval", False)}


class _Loader:
    """A list of batches that also has a ``dataset`` of the right length."""

    def __init__(self, batches):
        self.batches = batches
        self.dataset = list(range(sum(len(y) for _, y in batches)))

    def __len__(self) -> int:
        return len(self.batches)

    def __iter__(self):
        return iter(self.batches)


# ------------------------------------------------------------------------------ padded-collate
sequences = st.lists(st.lists(st.integers(-3, 9), max_size=7), min_size=1, max_size=5)


@pytest.mark.parametrize("module", COLLATE)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seqs=sequences, pad_id=st.integers(-2, 3), max_len=st.one_of(st.none(), st.integers(1, 8)))
def test_pad_collate_matches_pad_sequence(load_pack, module, seqs, pad_id, max_len) -> None:
    from torch.nn.utils.rnn import pad_sequence

    sol = load_pack("padded-collate", module)
    batch = [(torch.tensor(s, dtype=torch.long), i % 3) for i, s in enumerate(seqs)]
    out = sol.pad_collate(batch, pad_id=pad_id, max_len=max_len)
    kept = [ids[:max_len] for ids, _ in batch]
    lengths = torch.tensor([len(k) for k in kept])
    ids = pad_sequence(kept, batch_first=True, padding_value=pad_id)
    assert set(out) == {"input_ids", "attention_mask", "lengths", "labels"}
    assert out["input_ids"].dtype == torch.long and out["attention_mask"].dtype == torch.bool
    assert torch.equal(out["input_ids"], ids)
    assert torch.equal(out["lengths"], lengths)
    assert torch.equal(
        out["attention_mask"], torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    )
    assert out["labels"].tolist() == [i % 3 for i in range(len(seqs))]
    assert [b[0].tolist() for b in batch] == seqs  # inputs untouched


def test_padded_collate_statement_example(load_pack) -> None:
    from functools import partial

    from torch.utils.data import DataLoader

    sol = load_pack("padded-collate")
    ds = sol.SequenceDataset([[5, 3, 9], [7], [4, 0, 0, 2, 8]], [1, 0, 1])
    batch = next(
        iter(DataLoader(ds, batch_size=3, collate_fn=partial(sol.pad_collate, pad_id=0, max_len=4)))
    )
    assert batch["input_ids"].tolist() == [[5, 3, 9, 0], [7, 0, 0, 0], [4, 0, 0, 2]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 1, 1]]
    assert batch["lengths"].tolist() == [3, 1, 4] and batch["labels"].tolist() == [1, 0, 1]


# ------------------------------------------------------------------------------ clip-and-schedule
def _params(seed: int, scale: float, none_at: int | None = None):
    g = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter(torch.randn(*s, generator=g)) for s in [(3, 4), (4,), (2, 2)]]
    for i, p in enumerate(params):
        p.grad = None if i == none_at else torch.randn(*p.shape, generator=g) * scale
    return params


@pytest.mark.parametrize("module", CLIP)
@pytest.mark.parametrize(("scale", "none_at"), [(5.0, None), (0.1, None), (3.0, 1), (0.0, None)])
def test_clip_matches_torch(load_pack, module, scale, none_at) -> None:
    sol = load_pack("clip-and-schedule", module)
    mine, oracle = _params(0, scale, none_at), _params(0, scale, none_at)
    got = sol.clip_grad_norm(iter(mine), max_norm=1.0)
    expected = torch.nn.utils.clip_grad_norm_(oracle, max_norm=1.0)
    assert isinstance(got, float) and got == pytest.approx(expected.item(), rel=1e-5, abs=1e-7)
    for p, q in zip(mine, oracle, strict=True):
        if q.grad is None:
            assert p.grad is None
        else:
            torch.testing.assert_close(p.grad, q.grad, rtol=1e-5, atol=1e-7)


def _torch_schedule(base_lr: float, warmup: int, total: int, min_lr: float) -> list[float]:
    """The same schedule from torch's own schedulers: linear warmup, then cosine annealing."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)
    sched = torch.optim.lr_scheduler.SequentialLR(
        opt,
        [
            torch.optim.lr_scheduler.LinearLR(
                opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1
            ),
            torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=min_lr),
        ],
        milestones=[warmup - 1],
    )
    lrs = []
    for _ in range(total):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


@pytest.mark.parametrize("module", CLIP)
@pytest.mark.parametrize(("warmup", "total", "min_lr"), [(4, 12, 0.01), (2, 9, 0.0), (5, 6, 0.02)])
def test_lr_at_matches_torch_schedulers(load_pack, module, warmup, total, min_lr) -> None:
    sol = load_pack("clip-and-schedule", module)
    got = [
        sol.lr_at(s, base_lr=0.1, warmup_steps=warmup, total_steps=total, min_lr=min_lr)
        for s in range(total)
    ]
    np.testing.assert_allclose(
        got, _torch_schedule(0.1, warmup, total, min_lr), rtol=1e-6, atol=1e-9
    )
    assert (
        sol.lr_at(total + 7, base_lr=0.1, warmup_steps=warmup, total_steps=total, min_lr=min_lr)
        == min_lr
    )


@pytest.mark.parametrize("module", CLIP)
def test_lr_at_edge_schedules(load_pack, module) -> None:
    lr_at = load_pack("clip-and-schedule", module).lr_at
    assert lr_at(0, base_lr=1.0, warmup_steps=0, total_steps=4) == pytest.approx(
        0.5 * (1 + math.cos(math.pi / 4))
    )
    assert [
        lr_at(s, base_lr=1.0, warmup_steps=3, total_steps=3, min_lr=0.1) for s in range(4)
    ] == pytest.approx([1 / 3, 2 / 3, 1.0, 0.1])


@pytest.mark.parametrize("module", CLIP)
def test_train_steps_uses_the_schedule_and_clips(load_pack, module) -> None:
    from mldrills.probes.training import build_training_rig

    sol = load_pack("clip-and-schedule", module)
    spec = {"seed": 3, "sizes": [4] * 8, "dropout": 0.0, "staged": False, "lr": 0.2, "groups": 2}
    rig = build_training_rig(spec)
    norms = sol.train_steps(
        rig.model,
        rig.optimizer,
        rig.loader,
        rig.loss_fn,
        base_lr=0.2,
        warmup_steps=3,
        total_steps=8,
        max_norm=1.0,
        min_lr=0.02,
    )
    steps = rig.log()["steps"]
    expected_lrs = _torch_schedule(0.2, 3, 8, 0.02)
    for k, step in enumerate(steps):
        assert step["lrs"] == pytest.approx([expected_lrs[k]] * 2)
        total = math.sqrt(
            sum(float((g.astype(np.float64) ** 2).sum()) for g in step["grads"].values())
        )
        assert total == pytest.approx(min(norms[k], 1.0), rel=1e-4)
    assert len(norms) == 8 and max(norms) > 1.0 and all(isinstance(n, float) for n in norms)


# ------------------------------------------------------------------------------ early-stopping
def _brute_force(metrics: list[float], patience: int, mode: str, min_delta: float):
    """The rule restated over whole prefixes: (epochs_run, best_epoch)."""
    sign = 1 if mode == "max" else -1
    best, best_epoch = None, 0
    for epoch, m in enumerate(metrics, start=1):
        if not math.isnan(m) and (best is None or sign * (m - best) > min_delta):
            best, best_epoch = m, epoch
        # stop once the last `patience` epochs all came after the best one
        if epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(metrics), best_epoch


def test_early_stopping_statement_example(load_pack) -> None:
    from mldrills.probes.training import build_fit_rig

    sol = load_pack("early-stopping")
    rig = build_fit_rig({"seed": 0, "metrics": [0.90, 0.70, 0.70, 0.75, 0.60, 0.5]})
    out = sol.fit(rig.model, rig.train_epoch, rig.validate, max_epochs=6, patience=2)
    assert out == {
        "best_epoch": 2,
        "best_metric": 0.70,
        "epochs_run": 4,
        "history": [0.90, 0.70, 0.70, 0.75],
    }


metric_lists = st.lists(
    st.one_of(st.sampled_from([0.5, 0.6, 0.7, math.nan]), st.floats(0, 1)), min_size=1, max_size=9
)


@pytest.mark.parametrize("module", EARLY)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    metrics=metric_lists,
    patience=st.integers(1, 3),
    mode=st.sampled_from(["min", "max"]),
    min_delta=st.sampled_from([0.0, 0.05]),
)
def test_fit_follows_the_rule_and_restores_exactly(
    load_pack, module, metrics, patience, mode, min_delta
) -> None:
    from mldrills.probes.training import build_fit_rig, state_arrays

    sol = load_pack("early-stopping", module)
    rig = build_fit_rig({"seed": 1, "metrics": metrics})
    out = sol.fit(
        rig.model,
        rig.train_epoch,
        rig.validate,
        max_epochs=len(metrics),
        patience=patience,
        mode=mode,
        min_delta=min_delta,
    )
    epochs_run, best_epoch = _brute_force(metrics, patience, mode, min_delta)
    assert (out["epochs_run"], out["best_epoch"], rig.train_calls) == (
        epochs_run,
        best_epoch,
        epochs_run,
    )
    twin = build_fit_rig({"seed": 1, "metrics": metrics})
    states = [state_arrays(twin.model)]
    for _ in range(epochs_run):
        twin.train_epoch(twin.model)
        states.append(state_arrays(twin.model))
    final = state_arrays(rig.model)
    target = (
        states[best_epoch] if best_epoch else states[epochs_run]
    )  # no checkpoint: left as trained
    assert all(np.array_equal(final[k], target[k]) for k in target)
