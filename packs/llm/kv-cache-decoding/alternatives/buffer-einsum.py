# Keys and values written into a freshly allocated (P + T) buffer instead of torch.cat,
# attention by einsum with a mask built from absolute query and key positions.
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

KV = tuple[torch.Tensor, torch.Tensor]  # (keys, values), each (B, nh, T_total, hs)


@dataclass
class GPTConfig:
    """Sizes of the model."""

    vocab_size: int
    block_size: int
    n_layer: int
    n_head: int
    n_embd: int


class CausalSelfAttention(nn.Module):
    """Causal multi-head self-attention that can extend a cache of past keys and values."""

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.n_head = cfg.n_head
        self.qkv = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.proj = nn.Linear(cfg.n_embd, cfg.n_embd)

    def forward(self, x: torch.Tensor, past: KV | None = None) -> tuple[torch.Tensor, KV]:
        B, T, C = x.shape
        H, hs = self.n_head, C // self.n_head
        q, k_new, v_new = self.qkv(x).view(B, T, 3, H, hs).permute(2, 0, 3, 1, 4)  # (B, H, T, hs)
        P = 0 if past is None else past[0].shape[2]
        # a fresh (B, H, P + T, hs) buffer per call: the cached rows are copied, never shared
        k = x.new_empty(B, H, P + T, hs)
        v = x.new_empty(B, H, P + T, hs)
        if past is not None:
            k[:, :, :P], v[:, :, :P] = past
        k[:, :, P:], v[:, :, P:] = k_new, v_new
        scores = torch.einsum("bhid,bhjd->bhij", q, k) / math.sqrt(hs)
        query_pos = torch.arange(P, P + T).view(T, 1)  # absolute positions of the new tokens
        key_pos = torch.arange(P + T).view(1, P + T)
        scores = scores.masked_fill(key_pos > query_pos, float("-inf"))
        y = torch.einsum("bhij,bhjd->bhid", scores.softmax(dim=-1), v)
        return self.proj(y.permute(0, 2, 1, 3).reshape(B, T, C)), (k, v)


class MLP(nn.Module):
    """Expand to 4C, exact GELU, project back."""

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(F.gelu(self.fc(x)))


class Block(nn.Module):
    """Pre-norm Transformer block that passes its layer's cache through."""

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.mlp = MLP(cfg)

    def forward(self, x: torch.Tensor, past: KV | None = None) -> tuple[torch.Tensor, KV]:
        a, present = self.attn(self.ln_1(x), past)
        x = x + a
        return x + self.mlp(self.ln_2(x)), present


class GPT(nn.Module):
    """A GPT whose forward takes the cache of earlier positions and returns it extended."""

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight

    def forward(
        self, idx: torch.Tensor, past: list[KV] | None = None
    ) -> tuple[torch.Tensor, list[KV]]:
        T = idx.shape[1]  # new tokens
        start = 0 if past is None else past[0][0].shape[2]  # how many positions are cached
        if self.cfg.block_size < start + T:
            raise ValueError(f"{start + T} positions, but block_size is {self.cfg.block_size}")
        pos = torch.arange(start, start + T, device=idx.device)  # (T,) absolute positions
        x = self.wte(idx) + self.wpe(pos)  # (B, T, C)
        present = []
        for i, block in enumerate(self.blocks):
            x, kv = block(x, None if past is None else past[i])
            present.append(kv)
        return self.lm_head(self.ln_f(x)), present  # (B, T, V), one (k, v) per layer
