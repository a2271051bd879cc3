# Evaluate the cost at every candidate directly: O(n * distinct scores), easy to trust.
def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    """Brute force over the candidates, highest first (strict < keeps the highest on ties)."""
    labels = [bool(v) for v in y_true]
    scores = [float(v) for v in y_score]
    best = None
    for t in [float("inf"), *sorted(set(scores), reverse=True)]:
        fp = sum(1 for y, s in zip(labels, scores) if s >= t and not y)
        fn = sum(1 for y, s in zip(labels, scores) if s < t and y)
        cost = float(cost_fp * fp + cost_fn * fn)
        if best is None or cost < best[1]:
            best = (t, cost)
    return best
