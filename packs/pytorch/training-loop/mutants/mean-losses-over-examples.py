# mistake: adds up the batch-mean losses and divides by the number of examples, so the result is about batch-size times too small
# caught-by: train_epoch matches a reference epoch
import torch
from torch import nn


def train_epoch(model: nn.Module, loader, optimizer: torch.optim.Optimizer, loss_fn, device) -> float:
    """Train for one pass over loader; return the mean per-example loss as a float."""
    model.train()
    total, count = 0.0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)  # (B, F), (B,)
        optimizer.zero_grad()
        logits = model(inputs)  # (B, n_classes)
        loss = loss_fn(logits, targets)  # mean over the batch, 0-dim tensor with a graph
        loss.backward()
        optimizer.step()
        total += loss.item()  # .item(): a float, the graph is let go
        count += targets.size(0)
    return total / count


@torch.no_grad()
def evaluate(model: nn.Module, loader, loss_fn, device) -> tuple[float, float]:
    """Return (mean per-example loss, accuracy) over loader, without updating the model."""
    model.eval()
    total, correct, count = 0.0, 0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)  # (B, n_classes)
        total += loss_fn(logits, targets).item() * targets.size(0)
        correct += (logits.argmax(dim=1) == targets).sum().item()
        count += targets.size(0)
    return total / count, correct / count
