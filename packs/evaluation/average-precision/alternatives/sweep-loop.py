# One sort, then a plain loop that closes a threshold whenever the score changes.
def average_precision(y_true, y_score):
    """Step-wise PR area by a single sweep."""
    pairs = sorted(zip((float(s) for s in y_score), (int(y) for y in y_true)), reverse=True)
    n_pos = sum(y for _, y in pairs)
    if n_pos == 0:
        return float("nan")
    ap = tp = 0
    prev_recall = 0.0
    for seen, (score, label) in enumerate(pairs, start=1):
        tp += label
        if seen == len(pairs) or pairs[seen][0] != score:  # end of a tie group
            recall = tp / n_pos
            ap += (recall - prev_recall) * (tp / seen)
            prev_recall = recall
    return float(ap)
