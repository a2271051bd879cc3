# mistake: compares each positive with every negative in a double loop: O(n_pos * n_neg) time
# caught-by: runs in O(n log n)
def roc_auc(y_true, y_score):
    pos = [s for y, s in zip(y_true, y_score) if y]
    neg = [s for y, s in zip(y_true, y_score) if not y]
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for p in pos:
        for q in neg:
            if p > q:
                wins += 1.0
            elif p == q:
                wins += 0.5
    return wins / (len(pos) * len(neg))
