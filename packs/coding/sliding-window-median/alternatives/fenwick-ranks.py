# Another algorithm: compress values to ranks, count the window's ranks in a Fenwick
# (binary indexed) tree, and find the middle order statistics by binary lifting.
# O(n log n) time, independent of w.
def sliding_window_median(values, w):
    if w > len(values):
        return []
    uniq = sorted(set(values))
    rank = {v: i for i, v in enumerate(uniq)}
    m = len(uniq)
    tree = [0] * (m + 1)

    def add(i, delta):
        i += 1
        while i <= m:
            tree[i] += delta
            i += i & -i

    def kth(k):  # value of the k-th smallest (1-based) element in the window
        pos, step = 0, 1 << m.bit_length()
        while step:
            if pos + step <= m and tree[pos + step] < k:
                pos += step
                k -= tree[pos]
            step >>= 1
        return uniq[pos]

    medians = []
    for i, x in enumerate(values):
        add(rank[x], 1)
        if i >= w:
            add(rank[values[i - w]], -1)
        if i >= w - 1:
            lo, hi = kth((w + 1) // 2), kth(w // 2 + 1)
            medians.append(float(lo) if w % 2 else (lo + hi) / 2)
    return medians
