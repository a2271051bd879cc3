# mistake: returns the perplexity as a one-element tensor of shape (1,) instead of a float
# caught-by: perplexity of the statement's padded batch
import math

import torch
import torch.nn.functional as F


def perplexity(logits: torch.Tensor, targets: torch.Tensor, pad_id: int) -> float:
    """exp of the mean next-token NLL (nats) over every position whose target is not pad_id."""
    logp = F.log_softmax(logits.double(), dim=-1)  # (B, T, V), stable for large logits
    nll = -logp.gather(-1, targets.unsqueeze(-1)).squeeze(-1)  # (B, T)
    real = targets != pad_id  # (B, T)
    mean_nll = nll[real].sum() / real.sum()  # one average over all real tokens of the batch
    return torch.exp(mean_nll).reshape(1)


def label_smoothed_cross_entropy(
    logits: torch.Tensor, targets: torch.Tensor, smoothing: float, ignore_index: int = -100
) -> torch.Tensor:
    """Cross-entropy against (1 - eps) * one-hot + eps / K, averaged over non-ignored rows."""
    K = logits.size(-1)
    logp = F.log_softmax(logits, dim=-1)  # (N, K)
    keep = targets != ignore_index  # (N,)
    safe = targets.masked_fill(~keep, 0)  # any valid class; these rows are dropped below
    nll = -logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)  # (N,) -log p of the true class
    uniform = -logp.sum(dim=-1) / K  # (N,) -mean_k log p_k: the eps / K share on every class
    per_row = (1.0 - smoothing) * nll + smoothing * uniform  # (N,)
    return (per_row * keep).sum() / keep.sum()
