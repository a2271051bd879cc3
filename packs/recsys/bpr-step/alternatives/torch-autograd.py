# Write the loss once in torch (F.logsigmoid is stable) and let autograd sum the
# gradients of repeated rows: indexing with repeats scatter-adds in the backward pass.
import torch
import torch.nn.functional as F


def bpr_step(P, Q, users, pos, neg, lr, reg):
    Pt = torch.tensor(P, requires_grad=True)
    Qt = torch.tensor(Q, requires_grad=True)
    u, i, j = (torch.as_tensor(a, dtype=torch.long) for a in (users, pos, neg))
    p_u, q_i, q_j = Pt[u], Qt[i], Qt[j]  # (B, k)
    x = (p_u * (q_i - q_j)).sum(dim=1)
    penalty = p_u.pow(2).sum(1) + q_i.pow(2).sum(1) + q_j.pow(2).sum(1)
    loss = (-F.logsigmoid(x) + 0.5 * reg * penalty).mean()
    loss.backward()
    with torch.no_grad():
        return (Pt - lr * Pt.grad).numpy(), (Qt - lr * Qt.grad).numpy(), loss.item()
