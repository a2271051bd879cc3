# Clone each tensor of the state dict; restore by copying back in place under no_grad.
import math

import torch


class EarlyStopping:
    def __init__(self, patience, mode="min", min_delta=0.0):
        self.patience, self.mode, self.min_delta = patience, mode, min_delta
        self.best_metric = None
        self.best_epoch = 0
        self.history = []
        self._snapshot = None

    def _better(self, metric):
        if metric != metric:  # NaN
            return False
        if self.best_metric is None:
            return True
        gain = (self.best_metric - metric) if self.mode == "min" else (metric - self.best_metric)
        return gain > self.min_delta

    def step(self, metric, model):
        self.history.append(metric)
        if self._better(metric):
            self.best_metric, self.best_epoch = metric, len(self.history)
            self._snapshot = {k: v.detach().clone() for k, v in model.state_dict().items()}
        # stop once the last `patience` epochs all came after the best one
        return len(self.history) - self.best_epoch >= self.patience

    def restore(self, model):
        if self._snapshot is None:
            return
        with torch.no_grad():
            for name, tensor in model.state_dict().items():
                tensor.copy_(self._snapshot[name])


def fit(model, train_epoch, validate, *, max_epochs, patience, mode="min", min_delta=0.0):
    es = EarlyStopping(patience, mode, min_delta)
    for epoch in range(1, max_epochs + 1):
        train_epoch(model)
        if es.step(float(validate(model)), model):
            break
    es.restore(model)
    best = None if es.best_metric is None or math.isnan(es.best_metric) else es.best_metric
    return {"best_epoch": es.best_epoch, "best_metric": best, "epochs_run": len(es.history),
            "history": list(es.history)}
