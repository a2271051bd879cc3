import torch
import torch.nn as nn


class RMSNorm(nn.Module):
    """Scale each vector to unit root-mean-square over its last dimension, then apply a gain."""

    def __init__(self, d_model: int, eps: float = 1e-6) -> None:
        super().__init__()
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: (..., d_model) -> same shape."""
        raise NotImplementedError
