from collections.abc import Callable

from torch import nn


class EarlyStopping:
    """Track a validation metric, checkpoint the best weights, and say when to stop."""

    def __init__(self, patience: int, mode: str = "min", min_delta: float = 0.0) -> None:
        raise NotImplementedError

    def step(self, metric: float, model: nn.Module) -> bool:
        """Record one epoch's metric; checkpoint on improvement; return True when training should stop."""
        raise NotImplementedError

    def restore(self, model: nn.Module) -> None:
        """Load the best checkpoint into model (parameters and buffers); no-op without one."""
        raise NotImplementedError


def fit(
    model: nn.Module,
    train_epoch: Callable[[nn.Module], None],
    validate: Callable[[nn.Module], float],
    *,
    max_epochs: int,
    patience: int,
    mode: str = "min",
    min_delta: float = 0.0,
) -> dict:
    """Train until early stopping (or max_epochs), then restore the best weights."""
    raise NotImplementedError
