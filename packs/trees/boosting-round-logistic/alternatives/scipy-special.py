# scipy.special for the numerics (log_expit is log(sigmoid) computed stably, expit the
# sigmoid, logit the log-odds), and the leaf sums accumulated with np.add.at.
import numpy as np
from scipy.special import expit, log_expit, logit


def logloss(y, margin):
    # -log p = -log_expit(m), -log(1 - p) = -log_expit(-m)
    return float(-np.mean(y * log_expit(margin) + (1 - y) * log_expit(-margin)))


def logistic_grad_hess(y, margin):
    p = expit(margin)
    return p - y, expit(margin) * expit(-margin)  # p (1 - p) without cancelling 1 - p


def initial_margin(y):
    return float(logit(np.mean(y)))


def boosting_round(y, margin, leaf_index, n_leaves, eta, reg_lambda):
    g, h = logistic_grad_hess(y, margin)
    G, H, count = np.zeros(n_leaves), np.zeros(n_leaves), np.zeros(n_leaves, dtype=int)
    np.add.at(G, leaf_index, g)
    np.add.at(H, leaf_index, h)
    np.add.at(count, leaf_index, 1)
    values = np.zeros(n_leaves)
    used = count > 0
    values[used] = -eta * G[used] / (H[used] + reg_lambda)
    return margin + values[leaf_index], values
