# Heads by hand, the attention itself by F.scaled_dot_product_attention (its boolean mask
# means "may attend", so the padding mask is inverted).
import torch
import torch.nn as nn
import torch.nn.functional as F


class MultiHeadAttention(nn.Module):
    """Multi-head attention with the fused attention kernel."""

    def __init__(self, d_model: int, n_head: int) -> None:
        super().__init__()
        self.n_head = n_head
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, query, key, value, key_padding_mask=None):
        B, Tq, C = query.shape

        def heads(x: torch.Tensor) -> torch.Tensor:
            return x.unflatten(-1, (self.n_head, -1)).transpose(1, 2)  # (B, H, T, hs)

        keep = None if key_padding_mask is None else ~key_padding_mask[:, None, None, :]
        y = F.scaled_dot_product_attention(
            heads(self.q_proj(query)),
            heads(self.k_proj(key)),
            heads(self.v_proj(value)),
            attn_mask=keep,
        )
        return self.out_proj(y.transpose(1, 2).reshape(B, Tq, C))
