# The library module: nn.RMSNorm already has exactly one parameter called weight.
import torch.nn as nn


class RMSNorm(nn.RMSNorm):
    """torch.nn.RMSNorm with this exercise's constructor."""

    def __init__(self, d_model: int, eps: float = 1e-6) -> None:
        super().__init__(d_model, eps=eps)
