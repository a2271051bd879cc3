# PyTorch's fused attention knows GQA: enable_gqa=True shares kv heads across query groups.
import torch
import torch.nn as nn
import torch.nn.functional as F


class GroupedQueryAttention(nn.Module):
    """GQA through F.scaled_dot_product_attention(enable_gqa=True)."""

    def __init__(self, d_model: int, n_head: int, n_kv_head: int) -> None:
        super().__init__()
        self.n_head, self.n_kv_head = n_head, n_kv_head
        hs = d_model // n_head
        self.q_proj = nn.Linear(d_model, d_model, bias=False)
        self.k_proj = nn.Linear(d_model, n_kv_head * hs, bias=False)
        self.v_proj = nn.Linear(d_model, n_kv_head * hs, bias=False)
        self.out_proj = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        q = self.q_proj(x).unflatten(-1, (self.n_head, -1)).transpose(1, 2)  # (B, nh, T, hs)
        k = self.k_proj(x).unflatten(-1, (self.n_kv_head, -1)).transpose(1, 2)  # (B, nkv, T, hs)
        v = self.v_proj(x).unflatten(-1, (self.n_kv_head, -1)).transpose(1, 2)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        return self.out_proj(y.transpose(1, 2).reshape(B, T, C))
