# LLaMA's formulation: normalise in float32 with rsqrt, cast back, then apply the gain.
import torch
import torch.nn as nn


class RMSNorm(nn.Module):
    """RMSNorm the way LLaMA writes it."""

    def __init__(self, d_model: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * h.type_as(x)
