# mistake: recounts TP and FP over all samples at every threshold: O(n * thresholds)
# caught-by: runs in O(n log n)
def average_precision(y_true, y_score):
    labels = [int(v) for v in y_true]
    scores = [float(v) for v in y_score]
    n_pos = sum(labels)
    if n_pos == 0:
        return float("nan")
    ap, prev_recall = 0.0, 0.0
    for t in sorted(set(scores), reverse=True):
        tp = sum(1 for y, s in zip(labels, scores) if s >= t and y == 1)
        flagged = sum(1 for s in scores if s >= t)
        recall = tp / n_pos
        ap += (recall - prev_recall) * tp / flagged
        prev_recall = recall
    return ap
