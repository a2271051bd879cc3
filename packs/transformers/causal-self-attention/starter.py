import torch
import torch.nn as nn


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention in which position t attends to positions 0..t only."""

    def __init__(self, d_model: int, n_head: int, dropout: float = 0.0) -> None:
        super().__init__()
        # self.qkv = nn.Linear(d_model, 3 * d_model)   q, k, v in that order
        # self.proj = nn.Linear(d_model, d_model)
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: (B, T, d_model) -> (B, T, d_model)."""
        raise NotImplementedError
