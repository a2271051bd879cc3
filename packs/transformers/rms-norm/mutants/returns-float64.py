# mistake: upcasts to float64 for accuracy and forgets to cast back, returning float64 for float32 input
# caught-by: the mean is not subtracted
import torch
import torch.nn as nn


class RMSNorm(nn.Module):
    """Scale each vector to unit root-mean-square over its last dimension, then apply a gain."""

    def __init__(self, d_model: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))  # gain, starts at 1; no bias

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.double()
        mean_square = (x * x).mean(dim=-1, keepdim=True)  # (..., 1), no mean subtracted
        return x / torch.sqrt(mean_square + self.eps) * self.weight
