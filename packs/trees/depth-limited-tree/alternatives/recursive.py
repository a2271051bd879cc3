# Depth-first recursion with a loop-based split search over per-feature histograms, and
# row-by-row prediction. Node numbering differs from the reference (pre-order).
import numpy as np


def _best_split(codes, g, h, n_bins, lam, gamma, mcw):
    best = None
    n = len(g)
    for f in range(codes.shape[1]):
        col = codes[:, f]
        G, H, C = [0.0] * n_bins, [0.0] * n_bins, [0] * n_bins
        Gm = Hm = 0.0
        Cm = 0
        for c, gi, hi in zip(col, g, h):
            if c < 0:
                Gm, Hm, Cm = Gm + gi, Hm + hi, Cm + 1
            else:
                G[c], H[c], C[c] = G[c] + gi, H[c] + hi, C[c] + 1
        Gt, Ht = sum(G) + Gm, sum(H) + Hm
        Gl = Hl = 0.0
        Cl = 0
        for b in range(n_bins):
            Gl, Hl, Cl = Gl + G[b], Hl + H[b], Cl + C[b]
            for dl in (False, True):
                GL, HL, CL = (Gl + Gm, Hl + Hm, Cl + Cm) if dl else (Gl, Hl, Cl)
                GR, HR, CR = Gt - GL, Ht - HL, n - CL
                if CL == 0 or CR == 0 or mcw > HL or mcw > HR:
                    continue
                gain = 0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam) - Gt**2 / (Ht + lam)) - gamma
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, f, b, dl)
    return best


def _left(code, node):
    return node["default_left"] if code < 0 else code <= node["threshold"]


def grow_tree(codes, g, h, n_bins, max_depth, reg_lambda, gamma, min_child_weight, eta):
    tree = []

    def build(rows, depth):
        node_id = len(tree)
        tree.append(None)
        split = None
        if depth < max_depth:
            split = _best_split(
                codes[rows], g[rows], h[rows], n_bins, reg_lambda, gamma, min_child_weight
            )
        if split is None:
            tree[node_id] = {"value": float(-eta * g[rows].sum() / (h[rows].sum() + reg_lambda))}
            return node_id
        _, f, b, dl = split
        node = {"feature": f, "threshold": b, "default_left": dl}
        mask = np.array([_left(c, node) for c in codes[rows, f]], dtype=bool)
        node["left"] = build(rows[mask], depth + 1)
        node["right"] = build(rows[~mask], depth + 1)
        tree[node_id] = node
        return node_id

    build(np.arange(len(g)), 0)
    return tree


def predict_tree(tree, codes):
    out = []
    for row in codes:
        node = tree[0]
        while "value" not in node:
            node = tree[node["left"] if _left(row[node["feature"]], node) else node["right"]]
        out.append(node["value"])
    return np.array(out)
