# mistake: computes the variance as mean(x^2) - mean(x)^2, which cancels catastrophically for large offsets
# caught-by: large offsets stay accurate
import torch
import torch.nn as nn


class LayerNorm(nn.Module):
    """Normalise each vector over its last dimension, then scale by weight and shift by bias."""

    def __init__(self, d_model: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))  # gain, starts at 1
        self.bias = nn.Parameter(torch.zeros(d_model))  # shift, starts at 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=-1, keepdim=True)  # (..., 1)
        centered = x - mean  # (..., d): subtract first, so large offsets cancel exactly
        var = (x * x).mean(dim=-1, keepdim=True) - mean * mean
        return centered / torch.sqrt(var + self.eps) * self.weight + self.bias
