# One example at a time, with math.exp / math.log and a per-row logsumexp.
import math

import numpy as np


def softmax(Z):
    out = np.empty_like(Z, dtype=float)
    for i, row in enumerate(Z):
        top = max(row)
        exps = [math.exp(z - top) for z in row]
        total = sum(exps)
        out[i] = [e / total for e in exps]
    return out


def softmax_loss_and_grad(W, b, X, y, l2):
    n = len(y)
    loss, gW, gb = 0.0, l2 * W.copy(), np.zeros_like(b, dtype=float)
    for i in range(n):
        z = X[i] @ W + b
        top = max(z)
        lse = top + math.log(sum(math.exp(v - top) for v in z))
        loss += (lse - z[y[i]]) / n
        p = np.array([math.exp(v - lse) for v in z])
        p[y[i]] -= 1.0
        gW += np.outer(X[i], p) / n
        gb += p / n
    return loss + l2 / 2 * float(np.sum(W * W)), gW, gb
