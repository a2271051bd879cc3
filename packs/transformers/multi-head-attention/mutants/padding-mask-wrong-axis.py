# mistake: broadcasts the key padding mask along the query axis (mask[:, None, :, None]), so it blanks query rows instead of key columns (and raises when Tq != Tk)
# caught-by: padding keys cannot influence the output
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class MultiHeadAttention(nn.Module):
    """Multi-head attention from queries to keys/values, with an optional key padding mask."""

    def __init__(self, d_model: int, n_head: int) -> None:
        super().__init__()
        assert d_model % n_head == 0, "d_model must be divisible by n_head"
        self.n_head = n_head
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        return x.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)

    def forward(
        self,
        query: torch.Tensor,
        key: torch.Tensor,
        value: torch.Tensor,
        key_padding_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        B, Tq, C = query.shape
        q = self._heads(self.q_proj(query))  # (B, nh, Tq, hs)
        k = self._heads(self.k_proj(key))  # (B, nh, Tk, hs)
        v = self._heads(self.v_proj(value))  # (B, nh, Tk, hs)

        att = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (B, nh, Tq, Tk)
        if key_padding_mask is not None:  # (B, Tk), True = padding: no query may look at it
            att = att.masked_fill(key_padding_mask[:, None, :, None], float("-inf"))
        att = F.softmax(att, dim=-1)

        y = (att @ v).transpose(1, 2).reshape(B, Tq, C)  # (B, Tq, C): heads side by side
        return self.out_proj(y)
