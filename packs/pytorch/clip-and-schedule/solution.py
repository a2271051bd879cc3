import math
from collections.abc import Iterable

import torch
from torch import nn


def clip_grad_norm(parameters: Iterable[torch.Tensor], max_norm: float) -> float:
    """Scale all gradients in place so their global L2 norm is at most max_norm; return the norm before."""
    grads = [p.grad for p in parameters if p.grad is not None]  # one pass: parameters may be a generator
    if not grads:
        return 0.0
    total = torch.sqrt(sum((g.detach().float() ** 2).sum() for g in grads))  # the norm of all grads as one vector
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
        for g in grads:
            g.mul_(scale)
    return total.item()


def lr_at(step: int, *, base_lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0) -> float:
    """Learning rate for 0-based optimizer step `step`: linear warmup, then cosine decay to min_lr."""
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    if step >= total_steps:  # past the end of the schedule
        return min_lr
    progress = (step + 1 - warmup_steps) / (total_steps - warmup_steps)  # in (0, 1]; 1 at the last step
    return min_lr + (base_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))


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
    model.train()
    norms = []
    for step, (inputs, targets) in enumerate(batches):
        lr = lr_at(step, base_lr=base_lr, warmup_steps=warmup_steps, total_steps=total_steps, min_lr=min_lr)
        for group in optimizer.param_groups:  # every group, not only the first
            group["lr"] = lr
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        norms.append(clip_grad_norm(model.parameters(), max_norm))  # after backward, before step
        optimizer.step()
    return norms
