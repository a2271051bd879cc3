# mistake: in max mode subtracts min_delta from the best, accepting small drops as improvements
# caught-by: min_delta in both modes
import copy
import math


class EarlyStopping:
    def __init__(self, patience, mode="min", min_delta=0.0):
        self.patience, self.mode, self.min_delta = patience, mode, min_delta
        self.best_metric, self.best_epoch, self.epoch, self.bad = None, 0, 0, 0
        self.state = None

    def improved(self, metric):
        if math.isnan(metric):
            return False
        if self.best_metric is None:
            return True
        if self.mode == "min":
            return metric < self.best_metric - self.min_delta
        return metric > self.best_metric - self.min_delta

    def step(self, metric, model):
        self.epoch += 1
        if self.improved(metric):
            self.best_metric, self.best_epoch, self.bad = metric, self.epoch, 0
            self.state = copy.deepcopy(model.state_dict())
        else:
            self.bad += 1
        return self.bad >= self.patience

    def restore(self, model):
        if self.state is not None:
            model.load_state_dict(self.state)


def fit(model, train_epoch, validate, *, max_epochs, patience, mode="min", min_delta=0.0):
    stopper = EarlyStopping(patience, mode, min_delta)
    history = []
    for _ in range(max_epochs):
        train_epoch(model)
        history.append(float(validate(model)))
        if stopper.step(history[-1], model):
            break
    stopper.restore(model)
    return {"best_epoch": stopper.best_epoch, "best_metric": stopper.best_metric,
            "epochs_run": len(history), "history": history}
