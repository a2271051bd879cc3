# mistake: computes the output projection in float64 and returns a float64 tensor
# caught-by: parameter shapes and output shape
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class GroupedQueryAttention(nn.Module):
    """Causal self-attention with n_head query heads sharing n_kv_head key/value heads."""

    def __init__(self, d_model: int, n_head: int, n_kv_head: int) -> None:
        super().__init__()
        assert d_model % n_head == 0 and n_head % n_kv_head == 0
        self.n_head, self.n_kv_head = n_head, n_kv_head
        self.head_size = d_model // n_head
        kv_dim = n_kv_head * self.head_size
        self.q_proj = nn.Linear(d_model, d_model, bias=False)
        self.k_proj = nn.Linear(d_model, kv_dim, bias=False)  # smaller than q: the point of GQA
        self.v_proj = nn.Linear(d_model, kv_dim, bias=False)
        self.out_proj = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        hs, group = self.head_size, self.n_head // self.n_kv_head
        q = self.q_proj(x).view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = self.k_proj(x).view(B, T, self.n_kv_head, hs).transpose(1, 2)  # (B, nkv, T, hs)
        v = self.v_proj(x).view(B, T, self.n_kv_head, hs).transpose(1, 2)  # (B, nkv, T, hs)
        # query head h reads kv head h // group: repeat each kv head `group` times in a row
        k = k.repeat_interleave(group, dim=1)  # (B, nh, T, hs)
        v = v.repeat_interleave(group, dim=1)  # (B, nh, T, hs)

        att = q @ k.transpose(-2, -1) / math.sqrt(hs)  # (B, nh, T, T)
        visible = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        att = F.softmax(att.masked_fill(~visible, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)  # (B, T, C)
        return y.double() @ self.out_proj.weight.double().T
