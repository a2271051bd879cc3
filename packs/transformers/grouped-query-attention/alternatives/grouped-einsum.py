# Never copy the kv heads: fold the query heads into (n_kv_head, group) and let einsum
# broadcast each kv head over its group.
import math

import torch
import torch.nn as nn


class GroupedQueryAttention(nn.Module):
    """GQA with the group as an einsum axis (no repeated keys or values in memory)."""

    def __init__(self, d_model: int, n_head: int, n_kv_head: int) -> None:
        super().__init__()
        self.n_head, self.n_kv_head = n_head, n_kv_head
        self.hs = d_model // n_head
        self.q_proj = nn.Linear(d_model, d_model, bias=False)
        self.k_proj = nn.Linear(d_model, n_kv_head * self.hs, bias=False)
        self.v_proj = nn.Linear(d_model, n_kv_head * self.hs, bias=False)
        self.out_proj = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        G = self.n_head // self.n_kv_head
        q = self.q_proj(x).view(B, T, self.n_kv_head, G, self.hs)  # head h = kv h // G, slot h % G
        k = self.k_proj(x).view(B, T, self.n_kv_head, self.hs)
        v = self.v_proj(x).view(B, T, self.n_kv_head, self.hs)
        scores = torch.einsum("bikgd,bjkd->bkgij", q, k) / math.sqrt(self.hs)  # (B, nkv, G, T, T)
        future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
        weights = scores.masked_fill(future, -math.inf).softmax(dim=-1)
        y = torch.einsum("bkgij,bjkd->bikgd", weights, v).reshape(B, T, C)
        return self.out_proj(y)
