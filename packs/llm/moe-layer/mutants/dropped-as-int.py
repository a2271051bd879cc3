# mistake: returns the dropped mask as 0/1 integers instead of a bool tensor
# caught-by: no overflow: output, aux loss and drops
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Expert(nn.Module):
    """One feed-forward expert: fc, exact GELU, proj."""

    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(F.gelu(self.fc(x)))


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
        B, T, C = x.shape
        E, k = len(self.experts), self.top_k
        xf = x.reshape(B * T, C)  # (N, C), tokens in (b, t) order
        N = xf.shape[0]
        probs = F.softmax(self.router(xf), dim=-1)  # (N, E)
        top_p, top_e = probs.topk(k, dim=-1)  # (N, k), choice r = r-th most probable expert
        gates = top_p / top_p.sum(dim=-1, keepdim=True)  # (N, k), renormalised over the top k

        # Fill each expert's slots: every token's first choice, in token order, then every
        # token's second choice, and so on. Past the capacity, a choice is dropped.
        capacity = math.ceil(self.capacity_factor * N * k / E)
        queue = F.one_hot(top_e.T.reshape(-1), E)  # (k*N, E), choice-major order
        slot = (queue.cumsum(dim=0) * queue).sum(dim=-1) - 1  # (k*N,) place in its expert's queue
        kept = (slot < capacity).view(k, N).T  # (N, k)

        out = torch.zeros_like(xf)  # (N, C)
        for e, expert in enumerate(self.experts):
            tok, r = torch.nonzero((top_e == e) & kept, as_tuple=True)  # accepted choices
            if tok.numel() > 0:
                out = out.index_add(0, tok, gates[tok, r].unsqueeze(-1) * expert(xf[tok]))
        y = x + out.view(B, T, C)  # a fully dropped token passes through unchanged

        f = F.one_hot(top_e, E).sum(dim=(0, 1)).float() / (N * k)  # (E,) share of the choices
        P = probs.mean(dim=0)  # (E,) mean router probability
        aux_loss = E * (f * P).sum()
        return y, aux_loss, (~kept).long().view(B, T, k)
