# Adam with a hand-tuned learning rate, gradients reset by hand (p.grad = None) before the
# backward pass, and the loss written as logsumexp minus the target logit.
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


def make_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=8e-3, betas=(0.9, 0.98))


def train_step(model, optimizer, batch):
    model.train()
    for p in model.parameters():
        p.grad = None
    logits = model(batch[:, :-1])  # (B, T, V)
    target_logit = logits.gather(-1, batch[:, 1:].unsqueeze(-1)).squeeze(-1)
    loss = (torch.logsumexp(logits, dim=-1) - target_logit).mean()
    loss.backward()
    optimizer.step()
    return float(loss.detach())
