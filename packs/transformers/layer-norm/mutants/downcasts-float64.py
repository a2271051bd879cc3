# mistake: casts the input to float32 first, so a float64 model silently loses precision
# caught-by: any leading shape and float64
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
        x = x.float()
        mean = x.mean(dim=-1, keepdim=True)  # (..., 1)
        centered = x - mean  # (..., d): subtract first, so large offsets cancel exactly
        var = (centered * centered).mean(dim=-1, keepdim=True)  # biased: divide by d
        return centered / torch.sqrt(var + self.eps) * self.weight.float() + self.bias.float()
