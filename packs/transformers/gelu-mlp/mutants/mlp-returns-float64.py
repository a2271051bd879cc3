# mistake: casts to float64 for accuracy and returns a float64 tensor for a float32 input
# caught-by: MLP output shape and parameter names
import math

import torch
import torch.nn as nn


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """x * Phi(x), exactly with erf ("none") or with the tanh approximation ("tanh")."""
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1.0 + torch.tanh(inner))
    if approximate != "none":
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))  # Phi(x) = (1 + erf(x / sqrt 2)) / 2


class MLP(nn.Module):
    """Position-wise feed-forward block: expand, exact GELU, project back, dropout."""

    def __init__(self, d_model: int, d_hidden: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = gelu(self.fc(x))  # (..., d_hidden)
        return self.dropout(self.proj(h)).double()  # (..., d_model)
