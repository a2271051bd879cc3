# Histograms per node with LightGBM's subtraction trick: build the smaller child's
# histogram from its rows and get its sibling's as parent minus smaller. A node's
# histogram holds, per feature, sums over bins 0..n_bins-1 plus one slot for missing rows.
# Depth-first growth; prediction routes one row at a time.
import numpy as np


def _histogram(codes, g, h, n_bins):
    """(3, d, n_bins + 1): sums of g, of h and row counts per feature and bin (last: missing)."""
    d = codes.shape[1]
    slot = np.where(codes < 0, n_bins, codes) + (n_bins + 1) * np.arange(d)  # (n, d)
    size = d * (n_bins + 1)
    sums = [np.bincount(slot.ravel(), weights=np.repeat(w, d), minlength=size) for w in (g, h)]
    counts = np.bincount(slot.ravel(), minlength=size).astype(float)
    return np.stack([*sums, counts]).reshape(3, d, n_bins + 1)


def _split_from_histogram(hist, lam, gamma, mcw):
    G, H, C = hist[:, 0, :-1].sum(axis=1) + hist[:, 0, -1]  # node totals, from feature 0
    best = None
    for f in range(hist.shape[1]):
        Gm, Hm, Cm = hist[:, f, -1]
        run = np.cumsum(hist[:, f, :-1], axis=1)  # (3, n_bins): rows with code <= b
        for b in range(run.shape[1]):
            for dl in (False, True):
                GL, HL, CL = run[:, b] + (np.array([Gm, Hm, Cm]) if dl else 0.0)
                GR, HR, CR = G - GL, H - HL, C - CL
                if CL < 0.5 or CR < 0.5 or min(HL, HR) < mcw:
                    continue
                gain = 0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam) - G**2 / (H + lam)) - gamma
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, f, b, dl)
    return best


def grow_tree(codes, g, h, n_bins, max_depth, reg_lambda, gamma, min_child_weight, eta):
    tree = []

    def build(rows, hist, depth):
        node_id = len(tree)
        tree.append({})
        split = None
        if depth < max_depth:
            split = _split_from_histogram(hist, reg_lambda, gamma, min_child_weight)
        if split is None:
            tree[node_id] = {"value": float(-eta * g[rows].sum() / (h[rows].sum() + reg_lambda))}
            return node_id
        _, f, b, dl = split
        col = codes[rows, f]
        left = np.where(col < 0, dl, col <= b)
        rows_l, rows_r = rows[left], rows[~left]
        if len(rows_l) <= len(rows_r):
            hist_l = _histogram(codes[rows_l], g[rows_l], h[rows_l], n_bins)
            hist_r = hist - hist_l
        else:
            hist_r = _histogram(codes[rows_r], g[rows_r], h[rows_r], n_bins)
            hist_l = hist - hist_r
        node = {"feature": int(f), "threshold": int(b), "default_left": bool(dl)}
        tree[node_id] = node
        node["left"] = build(rows_l, hist_l, depth + 1)
        node["right"] = build(rows_r, hist_r, depth + 1)
        return node_id

    rows = np.arange(len(g))
    build(rows, _histogram(codes, g, h, n_bins), 0)
    return tree


def predict_tree(tree, codes):
    out = np.empty(codes.shape[0])
    for i, row in enumerate(codes):
        node = tree[0]
        while "value" not in node:
            code = row[node["feature"]]
            left = node["default_left"] if code < 0 else code <= node["threshold"]
            node = tree[node["left"] if left else node["right"]]
        out[i] = node["value"]
    return out
