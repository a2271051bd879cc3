# Never reshape activations: view each projection's weight as (H, hs, C) and let einsum
# produce per-head queries, keys and values directly; fold out_proj the same way.
import math

import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    """Multi-head attention with per-head weight views and einsum."""

    def __init__(self, d_model: int, n_head: int) -> None:
        super().__init__()
        self.n_head = n_head
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def _per_head(self, lin: nn.Linear, x: torch.Tensor) -> torch.Tensor:
        C = lin.weight.shape[0]
        w = lin.weight.view(self.n_head, C // self.n_head, C)  # (H, hs, C)
        b = lin.bias.view(self.n_head, 1, C // self.n_head)  # (H, 1, hs)
        return torch.einsum("btc,hdc->bhtd", x, w) + b  # (B, H, T, hs)

    def forward(self, query, key, value, key_padding_mask=None):
        q = self._per_head(self.q_proj, query)
        k = self._per_head(self.k_proj, key)
        v = self._per_head(self.v_proj, value)
        scores = torch.einsum("bhid,bhjd->bhij", q, k) / math.sqrt(q.shape[-1])
        if key_padding_mask is not None:
            scores = scores.masked_fill(key_padding_mask[:, None, None, :], -math.inf)
        heads = torch.einsum("bhij,bhjd->bhid", scores.softmax(dim=-1), v)  # (B, H, Tq, hs)
        C = self.out_proj.weight.shape[0]
        w_out = self.out_proj.weight.view(C, self.n_head, C // self.n_head)  # (C, H, hs)
        return torch.einsum("bhid,chd->bic", heads, w_out) + self.out_proj.bias
