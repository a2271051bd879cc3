# Heads as an explicit einsum axis; the mask is a boolean lower triangle built per call.
import math

import torch
import torch.nn as nn


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention written with einsum."""

    def __init__(self, d_model: int, n_head: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        H = self.n_head
        q, k, v = (
            z.reshape(B, T, H, C // H) for z in self.qkv(x).chunk(3, dim=-1)
        )  # (B, T, H, hs)
        scores = torch.einsum("bihd,bjhd->bhij", q, k) / math.sqrt(C // H)  # (B, H, Tq, Tk)
        future = torch.triu(torch.ones(T, T, dtype=torch.bool, device=x.device), diagonal=1)
        weights = self.drop(scores.masked_fill(future, float("-inf")).softmax(dim=-1))
        y = torch.einsum("bhij,bjhd->bihd", weights, v).reshape(B, T, C)  # (B, T, C)
        return self.drop(self.proj(y))
