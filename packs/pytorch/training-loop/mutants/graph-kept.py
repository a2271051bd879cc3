# mistake: keeps the batch losses as tensors in a list and converts only at the end, so every graph stays alive all epoch
# caught-by: no autograd graph kept across batches
import torch


def train_epoch(model, loader, optimizer, loss_fn, device):
    model.train()
    losses, sizes = [], []
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss)
        sizes.append(targets.size(0))
    return sum(l.item() * n for l, n in zip(losses, sizes)) / sum(sizes)


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    total, correct, count = 0.0, 0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)
        total += loss_fn(logits, targets).item() * targets.size(0)
        correct += (logits.argmax(dim=1) == targets).sum().item()
        count += targets.size(0)
    return total / count, correct / count
