"""Visible checks for perplexity-and-label-smoothing, and the helpers the hidden ones reuse."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import Suite, Trial, compare, tensor

suite = Suite()

# The statement's example: logits are log-probabilities; pad_id = 3.
EX_PROBS = np.full((2, 3, 4), 0.125)
EX_PROBS[0, 0, :] = [0.5, 0.25, 0.125, 0.125]
EX_PROBS[0, 1, :] = [0.25, 0.5, 0.125, 0.125]
EX_PROBS[0, 2, :] = [0.125, 0.125, 0.5, 0.25]
EX_PROBS[1, 0, :] = [0.125, 0.125, 0.5, 0.25]
EX_LOGITS = np.log(EX_PROBS).astype(np.float32)
EX_TARGETS = np.array([[0, 0, 2], [0, 3, 3]], dtype=np.int64)


def nll(logits: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per-position NLL in float64 (any target id, pad included)."""
    logp = torch.log_softmax(torch.from_numpy(logits).double(), dim=-1)
    t = torch.from_numpy(np.where(targets < 0, 0, targets))
    return -logp.gather(-1, t.unsqueeze(-1)).squeeze(-1).numpy()


def ppl_variants(logits: np.ndarray, targets: np.ndarray, pad_id: int) -> dict[str, float]:
    """What each classic perplexity mistake returns."""
    n = nll(logits, targets)
    real = targets != pad_id
    per_seq = [n[b][real[b]].mean() for b in range(len(n)) if real[b].any()]
    return {
        "averaged per sequence, then over the batch (short sequences weigh as much as long "
        "ones)": math.exp(float(np.mean(per_seq))),
        "pad positions are counted in the mean": math.exp(float(n.mean())),
        "pad positions add no loss but still count in the denominator": math.exp(
            float(n[real].sum() / n.size)
        ),
        "the mean of per-sequence perplexities instead of one perplexity over all tokens": float(
            np.mean([math.exp(v) for v in per_seq])
        ),
        "returned the mean NLL (cross-entropy) without exp": float(n[real].mean()),
    }


def check_ppl(t: Trial, logits: np.ndarray, targets: np.ndarray, pad_id: int, what: str,
              rtol: float = 1e-5) -> None:
    """The learner's perplexity against the reference, naming the mistake."""
    got = compare.as_array(
        t.sub.perplexity(tensor(logits), tensor(targets), pad_id), f"perplexity ({what})"
    )
    compare.is_true(got.shape == (), f"perplexity ({what}): expected one number (a float or a "
                    f"0-dim tensor), got shape {got.shape}")
    want = t.ref.perplexity(torch.from_numpy(logits), torch.from_numpy(targets), pad_id)
    compare.close(
        float(got.reshape(())),
        want,
        what=f"perplexity ({what})",
        inputs=f"logits {logits.shape}, targets {targets.tolist() if targets.size <= 12 else targets.shape}, pad_id={pad_id}",
        rtol=rtol,
        atol=1e-6,
        diagnose=ppl_variants(logits, targets, pad_id),
    )


def ls_variants(logits: np.ndarray, targets: np.ndarray, eps: float, ignore: int
                ) -> dict[str, float]:
    """What each classic label-smoothing mistake returns."""
    lg = torch.from_numpy(logits).double()
    K = lg.shape[-1]
    logp = torch.log_softmax(lg, -1)
    keep = torch.from_numpy(targets != ignore)
    t = torch.from_numpy(np.where(targets == ignore, 0, targets))
    true = -logp.gather(-1, t.unsqueeze(-1)).squeeze(-1)
    others = (-logp.sum(-1) - true) / (K - 1)
    uniform = -logp.mean(-1)

    def avg(rows: torch.Tensor, over_all: bool = False) -> float:
        return float(rows.mean() if over_all else rows[keep].mean())

    return {
        "the smoothing mass goes to the K-1 wrong classes only (eps/(K-1) each); torch "
        "spreads eps/K over all K classes, the true one included": avg(
            (1 - eps) * true + eps * others),
        "the smoothing term is averaged over all rows, ignored ones included": float(
            ((1 - eps) * true)[keep].mean() + eps * uniform.mean()),
        "ignored rows count in the mean": avg((1 - eps) * true + eps * uniform, over_all=True),
        "no smoothing applied": avg(true),
    }


def check_ls(t: Trial, logits: np.ndarray, targets: np.ndarray, eps: float, what: str,
             ignore: int = -100) -> None:
    """The learner's label-smoothed CE against F.cross_entropy, naming the mistake."""
    got = compare.as_array(
        t.sub.label_smoothed_cross_entropy(tensor(logits), tensor(targets), eps,
                                           ignore_index=ignore),
        f"label_smoothed_cross_entropy ({what})",
    )
    compare.is_true(
        got.shape == (),
        f"label_smoothed_cross_entropy ({what}): expected a 0-dim tensor (shape ()), got shape "
        f"{got.shape}" + (" (a keepdim reduction or a view kept an axis)" if got.size == 1 else ""),
    )
    want = F.cross_entropy(torch.from_numpy(logits).double(), torch.from_numpy(targets),
                           ignore_index=ignore, label_smoothing=eps).item()
    compare.close(
        float(got.reshape(())),
        want,
        what=f"label_smoothed_cross_entropy(..., smoothing={eps}) ({what})",
        inputs=f"logits {logits.shape}, targets {targets.tolist()}, ignore_index={ignore}",
        rtol=1e-5,
        atol=1e-6,
        diagnose=ls_variants(logits, targets, eps, ignore),
    )


@suite.check(
    "perplexity of the statement's padded batch",
    hint="one average of the NLL over every real token of the batch, then exp",
)
def example_ppl(t: Trial) -> None:
    check_ppl(t, EX_LOGITS, EX_TARGETS, 3, "the statement's example")


@suite.check(
    "label smoothing matches F.cross_entropy",
    hint="torch spreads eps uniformly over all K classes (the true one included), on top of "
    "(1 - eps) on the true class",
)
def example_ls(t: Trial) -> None:
    rng = t.rng
    logits = (rng.standard_normal((6, 5)) * 2).astype(np.float32)
    targets = rng.integers(0, 5, 6).astype(np.int64)
    check_ls(t, logits, targets, 0.1, "6 rows, 5 classes")
