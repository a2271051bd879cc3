# Phi(x) straight from torch.special.ndtr; the tanh form rewritten with the identity
# (1 + tanh(z)) / 2 = sigmoid(2z).
import math

import torch
import torch.nn as nn


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """GELU through the normal CDF, or the tanh form as a sigmoid."""
    if approximate == "none":
        return x * torch.special.ndtr(x)
    if approximate == "tanh":
        return x * torch.sigmoid(2 * math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3)))
    raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


class MLP(nn.Module):
    """Expand, GELU, project, dropout."""

    def __init__(self, d_model: int, d_hidden: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.proj(gelu(self.fc(x))))
