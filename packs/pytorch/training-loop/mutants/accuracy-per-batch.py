# mistake: averages per-batch accuracies, so the small last batch counts as much as a full one
# caught-by: evaluate returns the mean loss and accuracy
import torch


def train_epoch(model, loader, optimizer, loss_fn, device):
    model.train()
    total, count = 0.0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item() * targets.size(0)
        count += targets.size(0)
    return total / count


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    total, count, accs = 0.0, 0, []
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)
        total += loss_fn(logits, targets).item() * targets.size(0)
        count += targets.size(0)
        accs.append((logits.argmax(dim=1) == targets).float().mean().item())
    return total / count, sum(accs) / len(accs)
