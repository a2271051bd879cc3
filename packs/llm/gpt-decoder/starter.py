from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class GPTConfig:
    """Sizes of the model."""

    vocab_size: int
    block_size: int  # the longest sequence the position table covers
    n_layer: int
    n_head: int
    n_embd: int


class GPT(nn.Module):
    """Decoder-only language model with the output head tied to the token embedding."""

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        # Parameter names the judge loads weights by (see the statement):
        #   wte, wpe, blocks.<i>.ln_1, blocks.<i>.attn.qkv, blocks.<i>.attn.proj,
        #   blocks.<i>.ln_2, blocks.<i>.mlp.fc, blocks.<i>.mlp.proj, ln_f, lm_head
        raise NotImplementedError

    def forward(
        self, idx: torch.Tensor, targets: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """idx (B, T) int64 -> (logits (B, T, vocab_size), loss or None)."""
        raise NotImplementedError
