import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits Z (n, K); shifting by the row max keeps exp <= 1."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))  # (n, K), largest entry of each row is 1
    return E / E.sum(axis=1, keepdims=True)


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax: Z - logsumexp(Z), never log of an underflowed probability."""
    shifted = Z - Z.max(axis=1, keepdims=True)  # (n, K)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax_loss_and_grad(
    W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float
) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean cross-entropy of softmax(X @ W + b) plus (l2/2)||W||^2, and its gradient."""
    n = X.shape[0]
    Z = X @ W + b  # (n, K) logits
    rows = np.arange(n)
    loss = -np.mean(log_softmax(Z)[rows, y]) + 0.5 * l2 * np.sum(W * W)
    G = softmax(Z)  # (n, K); dloss/dZ = (P - Y) / n with Y the one-hot labels
    G[rows, y] -= 1.0
    G /= n
    grad_W = X.T @ G + l2 * W  # (d, K)
    grad_b = G.sum(axis=0)  # (K,), not regularised
    return float(loss), grad_W, grad_b
