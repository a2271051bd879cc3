# The exact GELU as x * erfc(-x / sqrt 2) / 2 (accurate for very negative x), and the
# two layers as einsums over the weight matrices.
import math

import torch
import torch.nn as nn


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """GELU via erfc; tanh form written out."""
    if approximate == "none":
        return 0.5 * x * torch.erfc(-x / math.sqrt(2.0))
    if approximate == "tanh":
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x)))
    raise ValueError(approximate)


class MLP(nn.Module):
    """Feed-forward block with einsum."""

    def __init__(self, d_model: int, d_hidden: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = gelu(torch.einsum("...c,hc->...h", x, self.fc.weight) + self.fc.bias)
        return self.drop(torch.einsum("...h,ch->...c", h, self.proj.weight) + self.proj.bias)
