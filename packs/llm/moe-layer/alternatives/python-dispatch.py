# Slots handed out by plain Python loops (choice rank, then token), each expert run once on
# the tokens it accepted, outputs gathered per token; f_i counted with index_add.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Expert(nn.Module):
    def __init__(self, d_model, d_hidden):
        super().__init__()
        self.fc = nn.Linear(d_model, d_hidden)
        self.proj = nn.Linear(d_hidden, d_model)

    def forward(self, x):
        return self.proj(F.gelu(self.fc(x)))


class MoE(nn.Module):
    def __init__(self, d_model, d_hidden, n_experts, top_k=2, capacity_factor=1.25):
        super().__init__()
        self.k, self.cf = top_k, capacity_factor
        self.router = nn.Linear(d_model, n_experts, bias=False)
        self.experts = nn.ModuleList([Expert(d_model, d_hidden) for _ in range(n_experts)])

    def forward(self, x):
        B, T, C = x.shape
        E, k = len(self.experts), self.k
        tokens = x.reshape(-1, C)
        N = tokens.shape[0]
        probs = self.router(tokens).softmax(dim=-1)
        chosen_p, chosen_e = torch.topk(probs, k, dim=-1)
        gates = chosen_p / chosen_p.sum(-1, keepdim=True)

        cap = math.ceil(self.cf * N * k / E)
        used = [0] * E
        accepted = [[] for _ in range(E)]  # per expert: (token, rank)
        dropped = torch.ones(N, k, dtype=torch.bool)
        for r in range(k):
            for n in range(N):
                e = int(chosen_e[n, r])
                if used[e] < cap:
                    used[e] += 1
                    accepted[e].append((n, r))
                    dropped[n, r] = False

        contributions = [[] for _ in range(N)]
        for e, pairs in enumerate(accepted):
            if not pairs:
                continue
            idx = torch.tensor([n for n, _ in pairs])
            outs = self.experts[e](tokens[idx])
            for row, (n, r) in enumerate(pairs):
                contributions[n].append(gates[n, r] * outs[row])
        mixed = torch.stack(
            [torch.stack(c).sum(0) if c else torch.zeros_like(tokens[0]) for c in contributions]
        )
        y = (tokens + mixed).view(B, T, C)

        counts = torch.zeros(E).index_add_(0, chosen_e.reshape(-1), torch.ones(N * k))
        aux = E * torch.dot(counts / (N * k), probs.mean(0))
        return y, aux, dropped.view(B, T, k)
