# Keep a deep copy of the whole module as the checkpoint; compare signed scores so one test serves both modes.
import copy
import math


class EarlyStopping:
    """Early stopping on score = metric (max mode) or -metric (min mode)."""

    def __init__(self, patience, mode="min", min_delta=0.0):
        assert mode in ("min", "max"), mode
        self.patience, self.min_delta = patience, min_delta
        self.sign = 1.0 if mode == "max" else -1.0
        self.best_metric, self.best_epoch = None, 0
        self.best_model = None
        self.epochs_seen = 0
        self.since_best = 0

    def step(self, metric, model):
        self.epochs_seen += 1
        score = self.sign * metric
        best_score = -math.inf if self.best_metric is None else self.sign * self.best_metric
        if score > best_score + self.min_delta:  # False for NaN
            self.best_metric, self.best_epoch, self.since_best = metric, self.epochs_seen, 0
            self.best_model = copy.deepcopy(model)
        else:
            self.since_best += 1
        return self.since_best >= self.patience

    def restore(self, model):
        if self.best_model is not None:
            model.load_state_dict(self.best_model.state_dict())


def fit(model, train_epoch, validate, *, max_epochs, patience, mode="min", min_delta=0.0):
    """A while loop over epochs; restore happens on every way out."""
    stopper = EarlyStopping(patience, mode=mode, min_delta=min_delta)
    history, stop = [], False
    while len(history) < max_epochs and not stop:
        train_epoch(model)
        history.append(validate(model))
        stop = stopper.step(history[-1], model)
    stopper.restore(model)
    return dict(best_epoch=stopper.best_epoch, best_metric=stopper.best_metric,
                epochs_run=len(history), history=history)
