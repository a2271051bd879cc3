# SiLU written as z / (1 + exp(-z)), the projections as einsums over the weights.
import torch
import torch.nn as nn


class SwiGLU(nn.Module):
    """SwiGLU with einsum and a hand-written SiLU."""

    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(d_model, d_hidden, bias=False)
        self.up_proj = nn.Linear(d_model, d_hidden, bias=False)
        self.down_proj = nn.Linear(d_hidden, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        g = torch.einsum("...d,hd->...h", x, self.gate_proj.weight)
        u = torch.einsum("...d,hd->...h", x, self.up_proj.weight)
        h = g / (1 + torch.exp(-g)) * u  # exp(-g) may overflow to inf: g / inf = 0, still right
        return torch.einsum("...h,dh->...d", h, self.down_proj.weight)


def swiglu_hidden_size(d_model: int, multiple_of: int = 256) -> int:
    """Ceiling division by negation."""
    hidden = int(2 * (4 * d_model) / 3)
    return -(-hidden // multiple_of) * multiple_of
