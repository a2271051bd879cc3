# mistake: fills blocked scores with -1e4 instead of -inf (empty rows found from the mask), so a blocked key wins once visible scores fall below -1e4
# caught-by: large scores stay finite
import math

import torch


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k) + mask) v over the last two axes; empty rows give zeros."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., Tq, Tk)
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, -1e4)  # True = may attend
            empty = ~mask.any(dim=-1, keepdim=True).expand(scores.shape[:-1] + (1,))
        else:
            scores = scores + mask  # additive: 0 keeps, -inf blocks, other values bias
            empty = torch.isneginf(scores).all(dim=-1, keepdim=True)
    else:
        empty = torch.zeros(scores.shape[:-1] + (1,), dtype=torch.bool)
    weights = torch.softmax(scores.masked_fill(empty, 0.0), dim=-1)  # rows sum to 1
    weights = weights.masked_fill(empty, 0.0)  # ...except empty rows, which are all zero
    return weights @ v  # (..., Tq, dv)
