# Keep per-batch floats and sizes, reduce with numpy at the end; evaluate scores all logits at once.
import numpy as np
import torch


def train_epoch(model, loader, optimizer, loss_fn, device):
    """One epoch; the mean is a weighted average of the batch means."""
    model.train()
    means, sizes = [], []
    for step, (x, y) in enumerate(loader):
        x, y = x.to(device=device), y.to(device=device)
        out = model(x)
        loss = loss_fn(out, y)
        optimizer.zero_grad()  # before backward: clears whatever .grad held
        loss.backward()
        optimizer.step()
        means.append(float(loss.detach()))
        sizes.append(x.shape[0])
    return float(np.average(means, weights=sizes))


def evaluate(model, loader, loss_fn, device):
    """Concatenate logits and targets, then compute the loss and accuracy in one go."""
    model.eval()
    all_logits, all_targets = [], []
    with torch.no_grad():
        for x, y in loader:
            all_logits.append(model(x.to(device)))
            all_targets.append(y.to(device))
    logits, targets = torch.cat(all_logits), torch.cat(all_targets)  # (N, C), (N,)
    # loss_fn takes a mean, and the mean over all N examples is the weighted mean of batches
    loss = loss_fn(logits, targets)
    accuracy = (logits.argmax(dim=1) == targets).double().mean()
    return loss.item(), accuracy.item()
