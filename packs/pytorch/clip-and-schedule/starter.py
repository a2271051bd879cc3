from collections.abc import Iterable

import torch
from torch import nn


def clip_grad_norm(parameters: Iterable[torch.Tensor], max_norm: float) -> float:
    """Scale all gradients in place so their global L2 norm is at most max_norm; return the norm before."""
    raise NotImplementedError


def lr_at(step: int, *, base_lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0) -> float:
    """Learning rate for 0-based optimizer step `step`: linear warmup, then cosine decay to min_lr."""
    raise NotImplementedError


def train_steps(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    batches,
    loss_fn,
    *,
    base_lr: float,
    warmup_steps: int,
    total_steps: int,
    max_norm: float,
    min_lr: float = 0.0,
) -> list[float]:
    """One optimizer step per batch with the scheduled lr and clipped gradients; return pre-clip norms."""
    raise NotImplementedError
