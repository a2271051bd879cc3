# The library versions: F.gelu and F.linear on the module's own weights.
import torch
import torch.nn as nn
import torch.nn.functional as F


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """torch's GELU (it raises for an unknown approximate, as asked)."""
    if approximate not in ("none", "tanh"):
        raise ValueError(f"unknown approximation {approximate!r}")
    return F.gelu(x, approximate=approximate)


class MLP(nn.Module):
    """fc -> GELU -> proj -> dropout with functional calls."""

    def __init__(self, d_model: int, d_hidden: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)
        self.p = dropout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.gelu(F.linear(x, self.fc.weight, self.fc.bias))
        return F.dropout(F.linear(h, self.proj.weight, self.proj.bias), self.p, self.training)
