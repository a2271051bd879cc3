# mistake: keeps a plain list and scans it for the weakest pair at every step: O(n k)
# caught-by: runs in O(n log k)
def top_k_stream(stream, k):
    if k <= 0:
        return []
    kept = []
    for arrival, (item, score) in enumerate(stream):
        entry = (score, -arrival, item)
        if len(kept) < k:
            kept.append(entry)
            continue
        weakest = min(range(len(kept)), key=kept.__getitem__)
        if entry > kept[weakest]:
            kept[weakest] = entry
    return [(item, score) for score, _, item in sorted(kept, reverse=True)]
