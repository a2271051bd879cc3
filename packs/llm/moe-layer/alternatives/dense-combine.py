# Every expert runs on every token, and a (N, E) combine matrix built with an explicit
# slot-filling loop picks and weights the results; the aux loss uses bincount.
import math

import torch
import torch.nn as nn


class Expert(nn.Module):
    def __init__(self, d_model: int, d_hidden: int) -> None:
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)
        self.act = nn.GELU()

    def forward(self, x):
        return self.proj(self.act(self.fc(x)))


class MoE(nn.Module):
    def __init__(self, d_model, d_hidden, n_experts, top_k=2, capacity_factor=1.25):
        super().__init__()
        self.top_k, self.capacity_factor = top_k, capacity_factor
        self.router = nn.Linear(d_model, n_experts, bias=False)
        self.experts = nn.ModuleList(Expert(d_model, d_hidden) for _ in range(n_experts))

    def forward(self, x):
        B, T, C = x.shape
        E, k = len(self.experts), self.top_k
        xf = x.reshape(-1, C)
        N = xf.shape[0]
        probs = self.router(xf).softmax(dim=-1)  # (N, E)
        top_p, top_e = torch.topk(probs, k, dim=-1)
        gates = top_p / top_p.sum(dim=-1, keepdim=True)
        cap = math.ceil(self.capacity_factor * N * k / E)
        used = [0] * E
        kept = torch.zeros(N, k, dtype=torch.bool)
        for r in range(k):  # all first choices, then all second choices...
            for i, e in enumerate(top_e[:, r].tolist()):
                if used[e] < cap:
                    used[e] += 1
                    kept[i, r] = True
        combine = torch.zeros(N, E).scatter_add(1, top_e, gates * kept)  # (N, E)
        outs = torch.stack([expert(xf) for expert in self.experts], dim=1)  # (N, E, C)
        y = x + torch.einsum("ne,nec->nc", combine, outs).view(B, T, C)
        f = torch.bincount(top_e.reshape(-1), minlength=E).float() / (N * k)
        aux = E * torch.dot(f, probs.mean(dim=0))
        return y, aux, ~kept.view(B, T, k)
