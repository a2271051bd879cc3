# Each adjacent pair is a complex number x_2i + i x_2i+1; rotating it is multiplying by
# e^{i m theta} (the way the original LLaMA code does it).
import math

import torch
import torch.nn.functional as F


def apply_rope(
    x: torch.Tensor, positions: torch.Tensor | None = None, base: float = 10000.0
) -> torch.Tensor:
    """RoPE as complex multiplication by unit phasors."""
    T, d = x.shape[-2], x.shape[-1]
    pos = torch.arange(T, dtype=torch.float64) if positions is None else positions.double()
    theta = torch.pow(base, -torch.arange(0, d, 2, dtype=torch.float64) / d)
    phasor = torch.polar(torch.ones(T, d // 2, dtype=torch.float64), torch.outer(pos, theta))
    z = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(z * phasor).reshape(x.shape).to(x.dtype)


def rope_attention(q, k, v, positions=None):
    """Causal attention with rotated queries and keys (fused kernel)."""
    return F.scaled_dot_product_attention(
        apply_rope(q, positions),
        apply_rope(k, positions),
        v,
        is_causal=True,
        scale=1.0 / math.sqrt(q.shape[-1]),
    )
