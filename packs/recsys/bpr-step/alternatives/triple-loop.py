# One triple at a time: accumulate each triple's gradient into copies of P and Q with
# plain loops (a repeated row simply gets several contributions), with the stable
# -log sigmoid(x) = max(-x, 0) + log1p(exp(-|x|)).
import math

import numpy as np


def bpr_step(P, Q, users, pos, neg, lr, reg):
    B = len(users)
    gP, gQ = np.zeros_like(P), np.zeros_like(Q)
    total = 0.0
    for u, i, j in zip(users.tolist(), pos.tolist(), neg.tolist()):
        pu, qi, qj = P[u], Q[i], Q[j]
        x = float(pu @ (qi - qj))
        total += max(-x, 0.0) + math.log1p(math.exp(-abs(x)))
        total += 0.5 * reg * float(pu @ pu + qi @ qi + qj @ qj)
        # sigmoid(-x) without overflow
        w = 1.0 / (1.0 + math.exp(x)) if x < 0 else math.exp(-x) / (1.0 + math.exp(-x))
        gP[u] += -w * (qi - qj) + reg * pu
        gQ[i] += -w * pu + reg * qi
        gQ[j] += w * pu + reg * qj
    return P - lr * gP / B, Q - lr * gQ / B, total / B
