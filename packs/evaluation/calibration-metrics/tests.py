import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _bin_stats(y_true, y_prob, n_bins):
    """Per non-empty bin: count, accuracy, confidence."""
    y, p = np.asarray(y_true, dtype=float), np.asarray(y_prob, dtype=float)
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    used = np.unique(bins)
    n_b = np.array([np.sum(bins == b) for b in used])
    acc = np.array([y[bins == b].mean() for b in used])
    conf = np.array([p[bins == b].mean() for b in used])
    return n_b, acc, conf


def _unweighted(y, p, n_bins=10):
    _, acc, conf = _bin_stats(y, p, n_bins)
    return float(np.mean(np.abs(acc - conf)))


def _over_all_bins(y, p, n_bins=10):
    _, acc, conf = _bin_stats(y, p, n_bins)
    return float(np.sum(np.abs(acc - conf)) / n_bins)


def _squared(y, p, n_bins=10):
    n_b, acc, conf = _bin_stats(y, p, n_bins)
    return float(np.sum(n_b * (acc - conf) ** 2) / n_b.sum())


def _top_label(y, p, n_bins=10):
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    conf = np.maximum(p, 1 - p)
    correct = ((p >= 0.5) == (y == 1)).astype(float)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    return float(np.abs(np.bincount(bins, correct, n_bins) - np.bincount(bins, conf, n_bins)).sum()
                 / len(p))


ECE_MISTAKES = {
    "binned the predicted class's confidence max(p, 1 - p) against accuracy (the multi-class "
    "ECE): this ECE bins P(y = 1) against the fraction of positives": _top_label,
    "bins averaged with equal weight: weight each bin by its number of samples": _unweighted,
    "gaps summed over the non-empty bins and divided by n_bins: weight each bin by n_b / n":
        _over_all_bins,
    "squared gaps: ECE averages the absolute gap |accuracy - confidence|": _squared,
}

BRIER_MISTAKES = {
    "summed over both classes (the original multi-class form doubles the binary score)":
        lambda y, p: float(2 * np.mean((np.asarray(p) - np.asarray(y)) ** 2)),
    "root of the mean squared error: the Brier score is the mean squared error itself":
        lambda y, p: float(np.sqrt(np.mean((np.asarray(p) - np.asarray(y)) ** 2))),
}

EXAMPLE = (np.array([0, 0, 1, 1, 1, 0]), np.array([0.1, 0.3, 0.35, 0.85, 0.9, 0.75]))

suite.add(
    same_as_reference(
        "brier_score",
        [Case.of(*EXAMPLE, label="the statement's example"),
         Case.of(np.array([1, 0]), np.array([1.0, 0.0]), label="perfect, confident predictions")],
        name="Brier score: examples",
        hint="one squared difference per sample, averaged",
        mistakes=BRIER_MISTAKES,
    ),
    same_as_reference(
        "expected_calibration_error",
        [Case.of(*EXAMPLE, n_bins=5, label="the statement's example, 5 bins"),
         Case.of(EXAMPLE[0], np.array([0.12, 0.33, 0.37, 0.86, 0.91, 0.74]),
                 label="other probabilities, default 10 bins"),
         Case.of(np.array([1, 0, 0, 1]), np.array([0.8, 0.85, 0.2, 0.15]), n_bins=5,
                 label="confident predictions of both classes")],
        name="ECE: examples",
        hint="per non-empty bin, |fraction of positives - mean probability|, weighted by bin size",
        mistakes=ECE_MISTAKES,
    ),
    same_as_reference(
        "expected_calibration_error",
        [
            Case.of(np.r_[np.ones(18), np.zeros(2), [1, 1]],
                    np.r_[np.full(20, 0.92), [0.15, 0.45]], n_bins=10,
                    label="20 samples in one bin, one in each of two others"),
        ],
        name="ECE: bins weighted by size",
        hint="a bin with 20 samples must count 20 times as much as a bin with one",
        mistakes=ECE_MISTAKES,
    ),
)
