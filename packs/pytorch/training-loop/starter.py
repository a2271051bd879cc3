import torch
from torch import nn


def train_epoch(model: nn.Module, loader, optimizer: torch.optim.Optimizer, loss_fn, device) -> float:
    """Train for one pass over loader; return the mean per-example loss as a float."""
    raise NotImplementedError


def evaluate(model: nn.Module, loader, loss_fn, device) -> tuple[float, float]:
    """Return (mean per-example loss, accuracy) over loader, without updating the model."""
    raise NotImplementedError
