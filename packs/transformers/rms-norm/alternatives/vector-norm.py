# rms(x) = ||x||_2 / sqrt(C), through torch.linalg.vector_norm.
import torch
import torch.nn as nn


class RMSNorm(nn.Module):
    """RMSNorm from the Euclidean norm."""

    def __init__(self, d_model: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        norm = torch.linalg.vector_norm(x, dim=-1, keepdim=True)  # (..., 1)
        return self.weight * x / torch.sqrt(norm.square() / x.shape[-1] + self.eps)
