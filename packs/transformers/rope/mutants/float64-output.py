# mistake: multiplies x by float64 cos/sin tables without casting them back, so a float32 input comes back float64
# caught-by: apply_rope matches the reference on (2, 3, 6, 8)
import math

import torch
import torch.nn.functional as F


def apply_rope(
    x: torch.Tensor, positions: torch.Tensor | None = None, base: float = 10000.0
) -> torch.Tensor:
    """Rotate feature pairs (2i, 2i+1) of x (..., T, d) by angle position * base^(-2i/d)."""
    T, d = x.shape[-2], x.shape[-1]
    if positions is None:
        positions = torch.arange(T)
    inv_freq = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)  # (d/2,)
    angles = positions.to(torch.float64)[:, None] * inv_freq[None, :]  # (T, d/2), float64
    cos, sin = angles.cos(), angles.sin()
    x_even, x_odd = x[..., 0::2], x[..., 1::2]  # (..., T, d/2) each
    rotated = torch.stack(  # (..., T, d/2, 2): each pair turned by its angle
        [x_even * cos - x_odd * sin, x_even * sin + x_odd * cos], dim=-1
    )
    return rotated.flatten(-2)  # (..., T, d), pairs back in place


def rope_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, positions: torch.Tensor | None = None
) -> torch.Tensor:
    """Causal attention of (..., T, d) tensors with RoPE applied to queries and keys only."""
    q, k = apply_rope(q, positions), apply_rope(k, positions)  # values stay as they are
    T = q.shape[-2]
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., T, T)
    visible = torch.ones(T, T, dtype=torch.bool, device=q.device).tril()
    weights = F.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1)
    return weights @ v  # (..., T, d)
