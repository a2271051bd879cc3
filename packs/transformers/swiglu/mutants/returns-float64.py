# mistake: multiplies the branches in float64 for accuracy and returns a float64 tensor
# caught-by: SwiGLU matches the reference (d_model=16, d_hidden=48)
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
        h = gate.double() * self.up_proj(x).double()
        return h @ self.down_proj.weight.double().T  # (..., d_model)


def swiglu_hidden_size(d_model: int, multiple_of: int = 256) -> int:
    """2/3 of 4 * d_model (truncated), rounded up to a multiple of multiple_of."""
    hidden = int(2 * (4 * d_model) / 3)
    return multiple_of * ((hidden + multiple_of - 1) // multiple_of)
