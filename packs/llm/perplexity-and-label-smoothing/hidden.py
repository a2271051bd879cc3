"""Hidden checks for perplexity-and-label-smoothing: padding, numerics, ignore_index, grads."""

import runpy
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import Suite, Trial, compare, tensor

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
check_ppl = _visible["check_ppl"]
check_ls = _visible["check_ls"]

suite = Suite()


def _padded(rng, lengths, T, V, pad_id, scale=2.0):
    logits = (rng.standard_normal((len(lengths), T, V)) * scale).astype(np.float32)
    targets = rng.integers(0, V - 1, (len(lengths), T)).astype(np.int64)
    targets[targets == pad_id] = (pad_id + 1) % V
    for b, n in enumerate(lengths):
        targets[b, n:] = pad_id
    return logits, targets


@suite.check(
    "pad tokens are excluded, sequences of any length",
    hint="select the real positions (target != pad_id) and average over all of them at once",
)
def padding(t: Trial) -> None:
    logits, targets = _padded(t.rng, [8, 2, 5, 1], 8, 11, pad_id=0)
    check_ppl(t, logits, targets, 0, "4 sequences of lengths 8, 2, 5, 1, pad_id=0")
    logits, targets = _padded(t.rng, [4], 4, 7, pad_id=6)
    check_ppl(t, logits, targets, 6, "one sequence, no padding")


@suite.check(
    "uniform predictions have perplexity V",
    hint="if every token gets probability 1/V the model is as unsure as a V-sided die",
)
def uniform(t: Trial) -> None:
    logits = np.full((3, 5, 13), 0.7, np.float32)
    targets = t.rng.integers(1, 13, (3, 5)).astype(np.int64)
    targets[1, 2:] = 0
    got = compare.as_array(t.sub.perplexity(tensor(logits), tensor(targets), 0), "perplexity")
    compare.close(float(got.reshape(())), 13.0, what="perplexity of uniform logits over 13 "
                  "tokens", rtol=1e-5)


@suite.check(
    "large logits stay finite",
    hint="log(softmax(x)) underflows to log(0) = -inf for large logits; use a log-softmax",
)
def large(t: Trial) -> None:
    # logits near 1000 (exp overflows) and one target 200 below the best logit (its
    # softmax probability underflows to 0 in float32); the perplexity itself is moderate
    logits, targets = _padded(t.rng, [6, 3], 6, 9, pad_id=8, scale=1.0)
    logits += 1000.0
    logits[0, 2] = 1000.0
    logits[0, 2, targets[0, 2]] = 800.0
    got = compare.as_array(t.sub.perplexity(tensor(logits), tensor(targets), 8), "perplexity")
    want = t.ref.perplexity(torch.from_numpy(logits), torch.from_numpy(targets), 8)
    compare.is_true(
        bool(np.isfinite(got).all()),
        f"perplexity with logits near 1000 came back {got.reshape(()).item()}; expected "
        f"{want:.6g}\n  likely mistake: exp of raw logits overflows, or log(softmax(x)) takes "
        "log(0) for a token whose probability underflows; take log_softmax directly",
    )
    check_ppl(t, logits, targets, 8, "logits near 1000", rtol=1e-4)
    lg = (t.rng.standard_normal((5, 6)) * 500).astype(np.float32)
    got_ls = compare.as_array(
        t.sub.label_smoothed_cross_entropy(tensor(lg), tensor(np.arange(5, dtype=np.int64)), 0.1),
        "label_smoothed_cross_entropy")
    compare.is_true(
        bool(np.isfinite(got_ls).all()),
        "label_smoothed_cross_entropy with logits of scale 500 is not finite\n  likely "
        "mistake: log of softmax underflows; the smoothing term needs log p of every class, "
        "so use log_softmax",
    )
    check_ls(t, lg, np.arange(5, dtype=np.int64), 0.1, "logits of scale 500")


@suite.check(
    "ignored rows are skipped in both terms",
    hint="a row whose target is ignore_index adds nothing, neither the true-class term nor the "
    "smoothing term, and does not count in the mean",
)
def ignored(t: Trial) -> None:
    logits = (t.rng.standard_normal((8, 6)) * 2).astype(np.float32)
    targets = t.rng.integers(0, 6, 8).astype(np.int64)
    targets[[1, 4, 5]] = -100
    check_ls(t, logits, targets, 0.2, "3 of 8 rows ignored")
    targets2 = targets.copy()
    targets2[[1, 4, 5]] = 2
    targets2[[0, 7]] = 5
    check_ls(t, logits, targets2, 0.3, "ignore_index=5", ignore=5)


@suite.check(
    "smoothing 0 and 1",
    hint="eps = 0 is plain cross-entropy; eps = 1 leaves only the uniform part",
)
def extremes(t: Trial) -> None:
    logits = (t.rng.standard_normal((4, 7)) * 2).astype(np.float32)
    targets = t.rng.integers(0, 7, 4).astype(np.int64)
    check_ls(t, logits, targets, 0.0, "no smoothing")
    check_ls(t, logits, targets, 1.0, "all mass spread uniformly")
    check_ls(t, logits[:1], targets[:1], 0.25, "a single row")


@suite.check(
    "gradient matches F.cross_entropy",
    hint="the loss must stay a tensor in the autograd graph (no .item() or numpy inside)",
)
def gradient(t: Trial) -> None:
    logits = (t.rng.standard_normal((6, 5)) * 2).astype(np.float32)
    targets = t.rng.integers(0, 5, 6).astype(np.int64)
    targets[3] = -100
    x = t.remote(tensor(logits, requires_grad=True))
    loss = t.sub.label_smoothed_cross_entropy._keep(x, tensor(targets), 0.15)
    info = t.helper("tensor_info", loss)
    compare.is_true(info["requires_grad"], "the returned loss does not require grad: the graph "
                    "was cut (.item(), .detach() or numpy inside)")
    t.helper("backward_sum", loss)
    ref = torch.from_numpy(logits).requires_grad_(True)
    F.cross_entropy(ref, torch.from_numpy(targets), label_smoothing=0.15).backward()
    compare.close(t.helper("input_grad", x), ref.grad.numpy(), what="d loss / d logits",
                  rtol=1e-4, atol=1e-6)
