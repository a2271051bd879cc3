import torch
import torch.nn as nn


class SwiGLU(nn.Module):
    """Gated feed-forward block: down_proj(silu(gate_proj(x)) * up_proj(x)), no biases."""

    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: (..., d_model) -> (..., d_model)."""
        raise NotImplementedError


def swiglu_hidden_size(d_model: int, multiple_of: int = 256) -> int:
    """2/3 of 4 * d_model (truncated), rounded up to a multiple of multiple_of."""
    raise NotImplementedError
