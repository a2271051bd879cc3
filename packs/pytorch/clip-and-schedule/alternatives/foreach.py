# Norm of per-tensor norms and a fused in-place scale; the schedule as warmup/decay fractions.
import math

import torch


def clip_grad_norm(parameters, max_norm):
    """Global norm = norm of the per-tensor norms; scale factor clamped at 1."""
    grads = [p.grad for p in parameters if p.grad is not None]
    if len(grads) == 0:
        return 0.0
    per_tensor = torch.stack([torch.linalg.vector_norm(g) for g in grads])  # (n_params,)
    total = torch.linalg.vector_norm(per_tensor)
    factor = torch.clamp(max_norm / (total + 1e-6), max=1.0)
    torch._foreach_mul_(grads, factor.item())
    return float(total)


def lr_at(step, *, base_lr, warmup_steps, total_steps, min_lr=0.0):
    """Warmup as a fraction of base_lr, decay as a cosine over the remaining steps."""
    t = step + 1  # steps taken after this one
    if t <= warmup_steps:
        return base_lr * t / warmup_steps
    if t >= total_steps:
        return min_lr
    frac = (t - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * (math.cos(math.pi * frac) + 1) / 2


def train_steps(model, optimizer, batches, loss_fn, *, base_lr, warmup_steps, total_steps, max_norm, min_lr=0.0):
    """Set the rate first, then the usual zero_grad / forward / backward / clip / step."""
    norms = []
    for step, batch in enumerate(batches):
        rate = lr_at(step, base_lr=base_lr, warmup_steps=warmup_steps, total_steps=total_steps, min_lr=min_lr)
        for group in optimizer.param_groups:
            group.update(lr=rate)
        model.zero_grad()
        loss_fn(model(batch[0]), batch[1]).backward()
        norms.append(clip_grad_norm(list(model.parameters()), max_norm))
        optimizer.step()
    return norms
