import math

import torch


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k) + mask) v over the last two axes; empty rows give zeros."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., Tq, Tk)
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))  # True = may attend
        else:
            scores = scores + mask  # additive: 0 keeps, -inf blocks, other values bias
    empty = torch.isneginf(scores).all(dim=-1, keepdim=True)  # (..., Tq, 1): no key left
    weights = torch.softmax(scores.masked_fill(empty, 0.0), dim=-1)  # rows sum to 1
    weights = weights.masked_fill(empty, 0.0)  # ...except empty rows, which are all zero
    return weights @ v  # (..., Tq, dv)
