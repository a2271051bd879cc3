# Everything spelled out: a hand-written LayerNorm module (weight, bias), attention with
# einsum and a -inf triangle, GELU from erf, and the loss from log_softmax and gather.
import math
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class GPTConfig:
    vocab_size: int
    block_size: int
    n_layer: int
    n_head: int
    n_embd: int


class LN(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))

    def forward(self, x):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)
        return (x - mu) * torch.rsqrt(var + 1e-5) * self.weight + self.bias


class Attn(nn.Module):
    def __init__(self, c, h):
        super().__init__()
        self.h = h
        self.qkv = nn.Linear(c, 3 * c)
        self.proj = nn.Linear(c, c)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).reshape(B, T, 3, self.h, C // self.h).unbind(2)  # (B, T, H, hs)
        s = torch.einsum("bihd,bjhd->bhij", q, k) / math.sqrt(C // self.h)
        future = torch.triu(torch.full((T, T), float("-inf")), diagonal=1)
        w = torch.softmax(s + future, dim=-1)
        return self.proj(torch.einsum("bhij,bjhd->bihd", w, v).reshape(B, T, C))


class FF(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fc = nn.Linear(c, 4 * c)
        self.proj = nn.Linear(4 * c, c)

    def forward(self, x):
        h = self.fc(x)
        return self.proj(0.5 * h * (1.0 + torch.erf(h / math.sqrt(2.0))))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1, self.attn = LN(cfg.n_embd), Attn(cfg.n_embd, cfg.n_head)
        self.ln_2, self.mlp = LN(cfg.n_embd), FF(cfg.n_embd)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.blocks = nn.Sequential(*[Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = LN(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.wte.weight = self.lm_head.weight  # tie the other way round: still one Parameter

    def forward(self, idx, targets=None):
        T = idx.shape[1]
        x = self.blocks(self.wte(idx) + self.wpe.weight[:T])
        logits = self.lm_head(self.ln_f(x))
        if targets is None:
            return logits, None
        logp = torch.log_softmax(logits, dim=-1).flatten(0, 1)
        tg = targets.flatten()
        keep = tg != -100
        nll = -logp[keep].gather(1, tg[keep].unsqueeze(1)).squeeze(1)
        return logits, nll.mean()
