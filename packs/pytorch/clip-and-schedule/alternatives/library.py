# Library route: torch.nn.utils.clip_grad_norm_ and a LambdaLR scheduler built on lr_at.
import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def clip_grad_norm(parameters, max_norm):
    """Delegate to PyTorch's implementation; return a float instead of a tensor."""
    return float(torch.nn.utils.clip_grad_norm_(parameters, max_norm))


def lr_at(step, *, base_lr, warmup_steps, total_steps, min_lr=0.0):
    """Piecewise closed form, written with the decay fraction clamped to [0, 1]."""
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    decay_steps = total_steps - warmup_steps
    progress = 1.0 if decay_steps == 0 else min(1.0, (step + 1 - warmup_steps) / decay_steps)
    cos_factor = 0.5 * (1.0 + math.cos(math.pi * progress))  # 1 -> 0
    return min_lr + cos_factor * (base_lr - min_lr)


def train_steps(model, optimizer, batches, loss_fn, *, base_lr, warmup_steps, total_steps, max_norm, min_lr=0.0):
    """LambdaLR scales each group's initial lr (base_lr) by lr_at(s) / base_lr."""
    kw = dict(base_lr=base_lr, warmup_steps=warmup_steps, total_steps=total_steps, min_lr=min_lr)
    scheduler = LambdaLR(optimizer, lambda s: lr_at(s, **kw) / base_lr)
    norms = []
    for inputs, targets in batches:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        norms.append(clip_grad_norm(model.parameters(), max_norm))
        optimizer.step()
        scheduler.step()  # after optimizer.step(): prepares the rate of the next step
    return norms
