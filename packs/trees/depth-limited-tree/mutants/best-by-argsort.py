# mistake: ranks every candidate split with np.argsort (numpy's default sort is not stable), so among many equal gains the node takes an arbitrary one instead of the smallest feature and threshold
# caught-by: ties at scale: many equal gains
import numpy as np

Node = dict  # internal: feature, threshold, default_left, left, right; leaf: value


def best_split(codes, g, h, n_bins, reg_lambda, gamma, min_child_weight) -> dict | None:
    """The highest-gain valid split of these rows (ties: feature, threshold, missing right)."""
    n, d = codes.shape
    table = []
    for f in range(d):
        col = codes[:, f]
        present = col >= 0
        G = np.bincount(col[present], weights=g[present], minlength=n_bins)  # (n_bins,)
        H = np.bincount(col[present], weights=h[present], minlength=n_bins)
        C = np.bincount(col[present], minlength=n_bins)
        miss = np.array([0.0, 1.0])[None, :]  # (1, 2): missing rows right, then left
        G_L = np.cumsum(G)[:, None] + miss * g[~present].sum()  # (n_bins, 2)
        H_L = np.cumsum(H)[:, None] + miss * h[~present].sum()
        C_L = np.cumsum(C)[:, None] + miss * (~present).sum()
        G_R, H_R, C_R = g.sum() - G_L, h.sum() - H_L, n - C_L
        valid = (C_L > 0) & (C_R > 0) & (min_child_weight <= H_L) & (min_child_weight <= H_R)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 only where not valid
            gain = (
                0.5
                * (
                    G_L**2 / (H_L + reg_lambda)
                    + G_R**2 / (H_R + reg_lambda)
                    - (G_L + G_R) ** 2 / (H_L + H_R + reg_lambda)
                )
                - gamma
            )
        table.append(np.where(valid, gain, -np.inf))
    table = np.stack(table)  # (d, n_bins, 2)
    f, b, direction = np.unravel_index(np.argsort(-table.ravel())[0], table.shape)
    if not table[f, b, direction] > 0:
        return None
    return {
        "feature": int(f),
        "threshold": int(b),
        "default_left": bool(direction),
        "gain": float(table[f, b, direction]),
    }


def goes_left(codes: np.ndarray, node: Node) -> np.ndarray:
    """Which rows a split node sends left: code <= threshold, or missing and default_left."""
    col = codes[:, node["feature"]]
    return np.where(col < 0, node["default_left"], col <= node["threshold"])


def grow_tree(
    codes: np.ndarray,
    g: np.ndarray,
    h: np.ndarray,
    n_bins: int,
    max_depth: int,
    reg_lambda: float,
    gamma: float,
    min_child_weight: float,
    eta: float,
) -> list[Node]:
    """Grow a tree depth-wise; leaves hold -eta * G / (H + lambda)."""
    tree: list[Node] = [{}]
    frontier = [(0, np.arange(len(g)), 0)]  # (node id, its rows, its depth)
    while frontier:
        node_id, rows, depth = frontier.pop(0)
        split = None
        if depth < max_depth:
            split = best_split(
                codes[rows], g[rows], h[rows], n_bins, reg_lambda, gamma, min_child_weight
            )
        if split is None:  # a leaf: the Newton step for these rows, shrunk by eta
            tree[node_id] = {"value": float(-eta * g[rows].sum() / (h[rows].sum() + reg_lambda))}
            continue
        node = {k: split[k] for k in ("feature", "threshold", "default_left")}
        left = goes_left(codes[rows], node)
        node["left"], node["right"] = len(tree), len(tree) + 1
        tree += [{}, {}]
        tree[node_id] = node
        frontier += [(node["left"], rows[left], depth + 1), (node["right"], rows[~left], depth + 1)]
    return tree


def predict_tree(tree: list[Node], codes: np.ndarray) -> np.ndarray:
    """The leaf value each row reaches, shape (n,)."""
    out = np.empty(codes.shape[0])
    stack = [(0, np.arange(codes.shape[0]))]  # route all rows down together
    while stack:
        node_id, rows = stack.pop()
        node = tree[node_id]
        if "value" in node:
            out[rows] = node["value"]
            continue
        left = goes_left(codes[rows], node)
        stack += [(node["left"], rows[left]), (node["right"], rows[~left])]
    return out
