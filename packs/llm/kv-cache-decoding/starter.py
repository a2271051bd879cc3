import math  # noqa: F401  (you will want it for the attention scale)
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
        """x (B, T_new, C), past (k, v) of this layer or None -> (output (B, T_new, C), (k, v))."""
        raise NotImplementedError


class MLP(nn.Module):
    """Expand to 4C, exact GELU, project back (given)."""

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
        """x + attn(ln_1(x)), then x + mlp(ln_2(x)); also return this layer's (k, v)."""
        raise NotImplementedError


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
        """idx (B, T_new) -> (logits (B, T_new, V), one (k, v) per layer covering all positions)."""
        raise NotImplementedError
