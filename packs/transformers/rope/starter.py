import torch


def apply_rope(
    x: torch.Tensor, positions: torch.Tensor | None = None, base: float = 10000.0
) -> torch.Tensor:
    """Rotate feature pairs (2i, 2i+1) of x (..., T, d) by angle position * base^(-2i/d)."""
    raise NotImplementedError


def rope_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, positions: torch.Tensor | None = None
) -> torch.Tensor:
    """Causal attention of (..., T, d) tensors with RoPE applied to queries and keys only."""
    raise NotImplementedError
