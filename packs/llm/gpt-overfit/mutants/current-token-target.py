# mistake: takes the targets from batch[:, :-1], the input tokens themselves, so position t is scored on the token it already sees instead of token t + 1 (batch[:, 1:]); the loss reflects copying, not next-token prediction
# caught-by: one step: the loss before the update, and an update
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# ---------------------------------------------------------------- the model (given)


class Block(nn.Module):
    """Pre-norm Transformer block with causal self-attention and a GELU MLP."""

    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.n_head = n_head
        self.ln_1 = nn.LayerNorm(n_embd)
        self.qkv = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.fc = nn.Linear(n_embd, 4 * n_embd)
        self.fc_out = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln_1(x)).split(C, dim=2)  # each (B, T, C)
        q, k, v = (z.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.n_head)  # (B, nh, T, T)
        att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        y = (att.softmax(dim=-1) @ v).transpose(1, 2).reshape(B, T, C)  # (B, T, C)
        x = x + self.proj(y)
        return x + self.fc_out(F.gelu(self.fc(self.ln_2(x))))


class TinyGPT(nn.Module):
    """A one-or-two-layer GPT: forward(idx (B, T)) -> logits (B, T, vocab_size)."""

    def __init__(self, vocab_size: int, block_size: int, n_layer: int = 1, n_head: int = 2,
                 n_embd: int = 32) -> None:
        super().__init__()
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.wpe = nn.Embedding(block_size, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, n_head) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size, bias=False)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))  # (B, T, C)
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))  # (B, T, V)


# ---------------------------------------------------------------- your part


def make_optimizer(model: nn.Module) -> torch.optim.Optimizer:
    """The optimizer train_step will use (its kind and learning rate are your choice)."""
    return torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.0)


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, batch: torch.Tensor) -> float:
    """One update on batch (B, T + 1): predict token t + 1 from tokens 0..t; return the loss before the update."""
    model.train()
    x = y = batch[:, :-1]
    logits = model(x)  # (B, T, V)
    loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
    optimizer.zero_grad(set_to_none=True)  # gradients from the previous step must not add up
    loss.backward()
    optimizer.step()
    return loss.item()
