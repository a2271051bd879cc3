# Build the block-diagonal rotation matrix R(m) of every position explicitly and apply it
# with einsum: slow and memory-hungry (T x d x d), but the definition made literal.
import math

import torch


def apply_rope(
    x: torch.Tensor, positions: torch.Tensor | None = None, base: float = 10000.0
) -> torch.Tensor:
    """RoPE via explicit (T, d, d) rotation matrices."""
    T, d = x.shape[-2], x.shape[-1]
    pos = torch.arange(T, dtype=torch.float64) if positions is None else positions.double()
    R = torch.zeros(T, d, d, dtype=torch.float64)
    for i in range(d // 2):
        angle = pos * base ** (-2 * i / d)  # (T,)
        c, s = torch.cos(angle), torch.sin(angle)
        R[:, 2 * i, 2 * i], R[:, 2 * i, 2 * i + 1] = c, -s
        R[:, 2 * i + 1, 2 * i], R[:, 2 * i + 1, 2 * i + 1] = s, c
    return torch.einsum("tij,...tj->...ti", R, x.double()).to(x.dtype)


def rope_attention(q, k, v, positions=None):
    """Causal attention with rotated queries and keys, written out."""
    q, k = apply_rope(q, positions), apply_rope(k, positions)
    T = q.shape[-2]
    scores = torch.einsum("...id,...jd->...ij", q, k) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), -math.inf)
    return scores.softmax(dim=-1) @ v
