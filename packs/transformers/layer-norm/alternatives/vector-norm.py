# The standard deviation as the Euclidean norm of the centred row divided by sqrt(C).
import math

import torch
import torch.nn as nn


class LayerNorm(nn.Module):
    """LayerNorm with the spread computed by torch.linalg.vector_norm."""

    def __init__(self, d_model: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))
        self.bias = nn.Parameter(torch.zeros(d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        centered = x - x.mean(dim=-1, keepdim=True)
        rms = torch.linalg.vector_norm(centered, dim=-1, keepdim=True) / math.sqrt(x.shape[-1])
        return self.weight * centered / torch.sqrt(rms.square() + self.eps) + self.bias
