# PyTorch's fused op: same mask conventions, and recent versions return zeros for empty rows.
import torch
import torch.nn.functional as F


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k) + mask) v via torch.nn.functional."""
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
