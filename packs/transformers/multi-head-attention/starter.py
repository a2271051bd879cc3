import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    """Multi-head attention from queries to keys/values, with an optional key padding mask."""

    def __init__(self, d_model: int, n_head: int) -> None:
        super().__init__()
        # self.q_proj, self.k_proj, self.v_proj, self.out_proj = nn.Linear(d_model, d_model), ...
        raise NotImplementedError

    def forward(
        self,
        query: torch.Tensor,
        key: torch.Tensor,
        value: torch.Tensor,
        key_padding_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """query (B, Tq, C), key and value (B, Tk, C), key_padding_mask (B, Tk) -> (B, Tq, C)."""
        raise NotImplementedError
