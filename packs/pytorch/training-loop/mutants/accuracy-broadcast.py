# mistake: keeps the argmax as a (B, 1) column, which broadcasts against the (B,) targets into a (B, B) comparison
# caught-by: evaluate returns the mean loss and accuracy
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
        total += loss.item() * targets.size(0)  # .item(): a float, the graph is let go
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
        correct += (logits.argmax(dim=-1, keepdim=True) == targets).sum().item()
        count += targets.size(0)
    return total / count, correct / count
