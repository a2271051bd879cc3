# Detached tensor accumulators, torch.inference_mode(), and evaluate restores the caller's mode.
import torch
from torch import nn


def train_epoch(model: nn.Module, loader, optimizer, loss_fn, device) -> float:
    """Train for one epoch; accumulate on-device (detached) so there is one sync at the end."""
    model.train()
    total = torch.zeros((), device=device)
    for inputs, targets in loader:
        inputs = inputs.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        model.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.detach() * len(targets)  # detached: no graph is kept
    return total.item() / len(loader.dataset)


def evaluate(model: nn.Module, loader, loss_fn, device) -> tuple[float, float]:
    """Evaluate in inference mode and put the model back in the mode it came in."""
    was_training = model.training
    model.eval()
    loss_sum = torch.zeros((), device=device)
    hits = torch.zeros((), dtype=torch.long, device=device)
    with torch.inference_mode():
        for batch in loader:
            inputs, targets = (t.to(device) for t in batch)
            logits = model(inputs)
            loss_sum += loss_fn(logits, targets) * targets.numel()
            hits += (logits.argmax(-1) == targets).sum()
    model.train(was_training)
    n = len(loader.dataset)
    return loss_sum.item() / n, hits.item() / n
