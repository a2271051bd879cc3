# Scores with einsum, softmax written out as exp(s - logsumexp(s)), empty rows via torch.where.
import math

import torch


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k) + mask) v with an explicit log-sum-exp."""
    scores = torch.einsum("...id,...jd->...ij", q, k) * (1.0 / math.sqrt(q.shape[-1]))
    if mask is not None:
        bias = (
            torch.zeros((), dtype=q.dtype).masked_fill(~mask, -math.inf)
            if mask.dtype == torch.bool
            else mask
        )
        scores = scores + bias  # (..., Tq, Tk)
    lse = torch.logsumexp(scores, dim=-1, keepdim=True)  # -inf exactly for empty rows
    weights = torch.where(torch.isfinite(lse), torch.exp(scores - lse), 0.0)
    return torch.einsum("...ij,...jd->...id", weights, v)
