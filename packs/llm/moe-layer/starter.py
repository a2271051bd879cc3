import torch
import torch.nn as nn


class Expert(nn.Module):
    """One feed-forward expert: fc, exact GELU, proj."""

    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class MoE(nn.Module):
    """Top-k mixture of experts with expert capacity, a residual path and a balancing loss."""

    def __init__(
        self,
        d_model: int,
        d_hidden: int,
        n_experts: int,
        top_k: int = 2,
        capacity_factor: float = 1.25,
    ) -> None:
        super().__init__()
        self.top_k = top_k
        self.capacity_factor = capacity_factor
        self.router = nn.Linear(d_model, n_experts, bias=False)
        self.experts = nn.ModuleList(Expert(d_model, d_hidden) for _ in range(n_experts))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """x (B, T, C) -> (y (B, T, C), aux_loss (scalar), dropped (B, T, top_k) bool)."""
        raise NotImplementedError
