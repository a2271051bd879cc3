# One head at a time: slice each head's features, attend, and concatenate the results.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention with an explicit loop over the heads."""

    def __init__(self, d_model: int, n_head: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.attn_dropout = nn.Dropout(dropout)
        self.resid_dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.ones(1, 1, dtype=torch.bool), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        T, C = x.shape[1], x.shape[2]
        hs = C // self.n_head
        q, k, v = self.qkv(x).split(C, dim=2)  # each (B, T, C)
        if self.mask.shape[0] < T:  # grow the cached lower triangle when needed
            self.mask = torch.tril(torch.ones(T, T, dtype=torch.bool, device=x.device))
        visible = self.mask[:T, :T]
        heads = []
        for h in range(self.n_head):
            cols = slice(h * hs, (h + 1) * hs)
            s = q[..., cols] @ k[..., cols].transpose(1, 2) / math.sqrt(hs)  # (B, T, T)
            w = self.attn_dropout(F.softmax(s.masked_fill(~visible, float("-inf")), dim=-1))
            heads.append(w @ v[..., cols])  # (B, T, hs)
        return self.resid_dropout(self.proj(torch.cat(heads, dim=-1)))  # (B, T, C)
