# mistake: clips each parameter's gradient by its own norm instead of the global norm
# caught-by: matches torch.nn.utils.clip_grad_norm_
import math

import torch


def clip_grad_norm(parameters, max_norm):
    grads = [p.grad for p in parameters if p.grad is not None]
    total = torch.sqrt(sum((g ** 2).sum() for g in grads)) if grads else torch.tensor(0.0)
    for g in grads:
        norm = g.norm()
        if norm > max_norm:
            g.mul_(max_norm / (norm + 1e-6))
    return total.item()


def lr_at(step, *, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return min_lr
    progress = (step + 1 - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


def train_steps(model, optimizer, batches, loss_fn, *, base_lr, warmup_steps, total_steps, max_norm, min_lr=0.0):
    norms = []
    for step, (x, y) in enumerate(batches):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, base_lr=base_lr, warmup_steps=warmup_steps, total_steps=total_steps, min_lr=min_lr)
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        norms.append(clip_grad_norm(model.parameters(), max_norm))
        optimizer.step()
    return norms
