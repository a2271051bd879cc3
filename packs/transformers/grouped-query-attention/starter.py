import torch
import torch.nn as nn


class GroupedQueryAttention(nn.Module):
    """Causal self-attention with n_head query heads sharing n_kv_head key/value heads."""

    def __init__(self, d_model: int, n_head: int, n_kv_head: int) -> None:
        super().__init__()
        # q_proj, k_proj, v_proj, out_proj: nn.Linear(..., bias=False); see the statement for sizes
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: (B, T, d_model) -> (B, T, d_model)."""
        raise NotImplementedError
