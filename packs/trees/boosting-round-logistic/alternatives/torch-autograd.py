# Let autograd differentiate the loss: the first derivative per row, then the derivative
# of the summed gradient (rows are independent, so that is each row's second derivative).
# Leaf sums with index_add_; the loss is torch's fused BCE with logits.
import torch
import torch.nn.functional as F


def logloss(y, margin):
    y, m = torch.as_tensor(y), torch.as_tensor(margin)
    return F.binary_cross_entropy_with_logits(m, y).item()


def logistic_grad_hess(y, margin):
    m = torch.tensor(margin, dtype=torch.float64, requires_grad=True)
    y = torch.as_tensor(y, dtype=torch.float64)
    loss = F.binary_cross_entropy_with_logits(m, y, reduction="sum")
    (g,) = torch.autograd.grad(loss, m, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), m)
    return g.detach().numpy(), h.numpy()


def initial_margin(y):
    rate = torch.as_tensor(y, dtype=torch.float64).mean()
    return torch.logit(rate).item()


def boosting_round(y, margin, leaf_index, n_leaves, eta, reg_lambda):
    g, h = (torch.from_numpy(a) for a in logistic_grad_hess(y, margin))
    idx = torch.as_tensor(leaf_index, dtype=torch.long)
    G = torch.zeros(n_leaves, dtype=torch.float64).index_add_(0, idx, g)
    H = torch.zeros(n_leaves, dtype=torch.float64).index_add_(0, idx, h)
    counts = torch.bincount(idx, minlength=n_leaves)
    values = torch.where(counts > 0, -eta * G / (H + reg_lambda), torch.zeros_like(G))
    return (torch.as_tensor(margin) + values[idx]).numpy(), values.numpy()
