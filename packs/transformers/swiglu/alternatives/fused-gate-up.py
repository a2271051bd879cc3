# One matmul for both branches: stack the gate and up weights, then split the result.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SwiGLU(nn.Module):
    """SwiGLU with the gate and up projections fused into a single matmul."""

    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(d_model, d_hidden, bias=False)
        self.up_proj = nn.Linear(d_model, d_hidden, bias=False)
        self.down_proj = nn.Linear(d_hidden, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = torch.cat([self.gate_proj.weight, self.up_proj.weight], dim=0)  # (2h, d)
        gate, up = F.linear(x, w).chunk(2, dim=-1)  # (..., h) each
        return self.down_proj(gate * torch.sigmoid(gate) * up)


def swiglu_hidden_size(d_model: int, multiple_of: int = 256) -> int:
    """Round 8 * d_model / 3 (truncated) up with math.ceil on exact integers."""
    hidden = 8 * d_model // 3
    return math.ceil(hidden / multiple_of) * multiple_of
