# mistake: adds dropout (p=0.1) on the gated hidden units, which this block does not have
# caught-by: no dropout: training mode changes nothing
import torch
import torch.nn as nn
import torch.nn.functional as F


class SwiGLU(nn.Module):
    """Gated feed-forward block: down_proj(silu(gate_proj(x)) * up_proj(x)), no biases."""

    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(d_model, d_hidden, bias=False)
        self.up_proj = nn.Linear(d_model, d_hidden, bias=False)
        self.down_proj = nn.Linear(d_hidden, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gate = F.silu(self.gate_proj(x))  # (..., d_hidden), silu(z) = z * sigmoid(z)
        h = F.dropout(gate * self.up_proj(x), p=0.1, training=self.training)
        return self.down_proj(h)  # (..., d_model)


def swiglu_hidden_size(d_model: int, multiple_of: int = 256) -> int:
    """2/3 of 4 * d_model (truncated), rounded up to a multiple of multiple_of."""
    hidden = int(2 * (4 * d_model) / 3)
    return multiple_of * ((hidden + multiple_of - 1) // multiple_of)
