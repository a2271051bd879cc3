# mistake: never calls model.train(), so after evaluate() the model keeps training in eval mode
# caught-by: train_epoch runs the model in training mode
import torch


def train_epoch(model, loader, optimizer, loss_fn, device):
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
    total, correct, count = 0.0, 0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)
        total += loss_fn(logits, targets).item() * targets.size(0)
        correct += (logits.argmax(dim=1) == targets).sum().item()
        count += targets.size(0)
    return total / count, correct / count
