import torch
import torch.nn as nn


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """x * Phi(x), exactly with erf ("none") or with the tanh approximation ("tanh")."""
    raise NotImplementedError


class MLP(nn.Module):
    """Position-wise feed-forward block: expand, exact GELU, project back, dropout."""

    def __init__(self, d_model: int, d_hidden: int, dropout: float = 0.0) -> None:
        super().__init__()
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: (..., d_model) -> (..., d_model)."""
        raise NotImplementedError
