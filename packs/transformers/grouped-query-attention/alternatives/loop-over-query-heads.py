# One query head at a time, each picking its kv head by integer division.
import math

import torch
import torch.nn as nn


class GroupedQueryAttention(nn.Module):
    """GQA with an explicit loop over query heads."""

    def __init__(self, d_model: int, n_head: int, n_kv_head: int) -> None:
        super().__init__()
        self.n_head, self.n_kv_head = n_head, n_kv_head
        self.hs = d_model // n_head
        self.q_proj = nn.Linear(d_model, d_model, bias=False)
        self.k_proj = nn.Linear(d_model, n_kv_head * self.hs, bias=False)
        self.v_proj = nn.Linear(d_model, n_kv_head * self.hs, bias=False)
        self.out_proj = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        T, hs = x.shape[1], self.hs
        group = self.n_head // self.n_kv_head
        q, k, v = self.q_proj(x), self.k_proj(x), self.v_proj(x)
        future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
        outs = []
        for h in range(self.n_head):
            kv = h // group
            qh = q[..., h * hs : (h + 1) * hs]  # (B, T, hs)
            kh, vh = k[..., kv * hs : (kv + 1) * hs], v[..., kv * hs : (kv + 1) * hs]
            s = (qh @ kh.transpose(1, 2) / math.sqrt(hs)).masked_fill(future, -math.inf)
            outs.append(torch.softmax(s, dim=-1) @ vh)  # (B, T, hs)
        return self.out_proj(torch.cat(outs, dim=-1))
