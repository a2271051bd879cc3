# Statistics accumulated in float64 (sum of squares around the mean), result cast back to x's dtype.
import torch
import torch.nn as nn


class LayerNorm(nn.Module):
    """LayerNorm with its mean and variance computed in double precision."""

    def __init__(self, d_model: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))
        self.bias = nn.Parameter(torch.zeros(d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x64 = x.double()
        d = x.shape[-1]
        mean = x64.sum(-1, keepdim=True) / d
        var = ((x64 - mean) ** 2).sum(-1, keepdim=True) / d
        normed = ((x64 - mean) * torch.rsqrt(var + self.eps)).to(x.dtype)
        return normed * self.weight + self.bias
