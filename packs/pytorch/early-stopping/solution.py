import copy
import math
from collections.abc import Callable

from torch import nn


class EarlyStopping:
    """Track a validation metric, checkpoint the best weights, and say when to stop."""

    def __init__(self, patience: int, mode: str = "min", min_delta: float = 0.0) -> None:
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        self.patience = patience
        self.mode = mode
        self.min_delta = min_delta
        self.best_metric: float | None = None
        self.best_epoch = 0  # 1-based epoch of the best metric; 0 while there is none
        self.epoch = 0
        self.bad_epochs = 0
        self.best_state: dict | None = None

    def improved(self, metric: float) -> bool:
        """Whether metric beats the best so far by more than min_delta (NaN never does)."""
        if math.isnan(metric):
            return False
        if self.best_metric is None:
            return True
        if self.mode == "min":
            return metric < self.best_metric - self.min_delta
        return metric > self.best_metric + self.min_delta

    def step(self, metric: float, model: nn.Module) -> bool:
        """Record one epoch's metric; checkpoint on improvement; return True when training should stop."""
        self.epoch += 1
        if self.improved(metric):
            self.best_metric, self.best_epoch, self.bad_epochs = metric, self.epoch, 0
            self.best_state = copy.deepcopy(model.state_dict())  # a copy: state_dict() shares storage
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience

    def restore(self, model: nn.Module) -> None:
        """Load the best checkpoint into model (parameters and buffers); no-op without one."""
        if self.best_state is not None:
            model.load_state_dict(self.best_state)


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
    stopper = EarlyStopping(patience, mode, min_delta)
    history = []
    for _ in range(max_epochs):
        train_epoch(model)
        metric = float(validate(model))
        history.append(metric)
        if stopper.step(metric, model):
            break
    stopper.restore(model)  # also when max_epochs ended the run
    return {
        "best_epoch": stopper.best_epoch,
        "best_metric": stopper.best_metric,
        "epochs_run": len(history),
        "history": history,
    }
