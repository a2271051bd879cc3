# mistake: gets LayerNorm from F.group_norm with a single group, a built-in normalisation the statement rules out
# caught-by: uses only allowed libraries
import torch
import torch.nn as nn
import torch.nn.functional as F


class LayerNorm(nn.Module):
    """LayerNorm through group_norm: one group over the features of each token."""

    def __init__(self, d_model: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))
        self.bias = nn.Parameter(torch.zeros(d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        d = x.shape[-1]
        y = F.group_norm(x.reshape(-1, d, 1), 1, eps=self.eps)  # (N, C, 1): stats over C
        return y.reshape(x.shape) * self.weight + self.bias
