import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _ece(y_true, y_prob, n_bins, bins):
    y, p = np.asarray(y_true, dtype=float), np.asarray(y_prob, dtype=float)
    total = 0.0
    for b in np.unique(bins):
        inside = bins == b
        total += abs(y[inside].sum() - p[inside].sum())
    return float(total / len(p))


def _right_closed(y, p, n_bins=10):
    """Bins (a, b] (the first also holds 0), as np.searchsorted(..., side="left") gives."""
    edges = np.linspace(0, 1, n_bins + 1)
    return _ece(y, p, n_bins, np.searchsorted(edges[1:-1], np.asarray(p, dtype=float), side="left"))


def _one_alone(y, p, n_bins=10):
    """floor(p * B) without the min(., B - 1): probabilities of exactly 1 get a bin of their own."""
    return _ece(y, p, n_bins, np.floor(np.asarray(p, dtype=float) * n_bins).astype(int))


ECE_MISTAKES = {
    "bins closed on the right, (a, b]: a probability on an edge belongs to the bin that "
    "starts there": _right_closed,
    "probabilities equal to 1 fall outside the last bin: the last bin is [(B-1)/B, 1]": _one_alone,
}


def _random_cases(rng):
    cases = []
    for n, n_bins in ((1, 10), (7, 3), (100, 10), (1000, 15), (2000, 10)):
        p = rng.beta(0.7, 0.7, n)
        y = (rng.random(n) < p ** 1.5).astype(int)  # miscalibrated: overconfident
        cases.append(Case.of(y, p, n_bins=n_bins, label=f"n={n}, {n_bins} bins"))
    return cases


def _brier_cases(rng):
    p = rng.random(500)
    return [
        Case.of(np.array([1]), np.array([0.3]), label="one sample"),
        Case.of(np.array([True, False, True]), np.array([0.5, 0.5, 0.5]), label="boolean labels"),
        Case.of(np.array([0, 1]), np.array([1.0, 0.0]), label="confidently wrong"),
        Case.of((rng.random(500) < p).astype(int), p, label="500 random samples"),
    ]


suite.add(
    same_as_reference(
        "expected_calibration_error",
        [
            Case.of(np.array([1, 0, 1, 1, 0, 1, 0]), np.array([0.0, 0.25, 0.5, 0.75, 1.0, 0.5, 0.25]),
                    n_bins=4, label="probabilities on the edges of 4 bins"),
            Case.of(np.array([1, 1, 0, 1]), np.array([1.0, 1.0, 0.93, 0.95]), n_bins=10,
                    label="probabilities of exactly 1"),
            Case.of(np.array([0, 1, 1, 0]), np.array([0.125, 0.375, 0.5, 0.875]), n_bins=8,
                    label="edges of 8 bins"),
        ],
        name="ECE: probabilities on bin edges",
        hint="bins are [lo, hi) except the last, which includes 1",
        mistakes=ECE_MISTAKES,
    ),
    same_as_reference(
        "expected_calibration_error",
        [
            Case.of(np.array([0, 1, 1, 0, 1]), np.array([0.2, 0.9, 0.6, 0.4, 0.7]), n_bins=1,
                    label="one bin: |mean label - mean probability|"),
            Case.of(np.array([1, 0, 1]), np.array([0.61, 0.615, 0.63]), n_bins=50,
                    label="50 bins, two of them used"),
            Case.of(np.array([0, 1, 0, 1]), np.array([0.3001, 0.7001, 0.3001, 0.7001]), n_bins=1000,
                    label="1000 bins"),
        ],
        name="ECE: many empty bins, or a single bin",
        hint="empty bins have weight zero; with one bin ECE is |mean label - mean probability|",
        mistakes=ECE_MISTAKES,
    ),
    same_as_reference(
        "expected_calibration_error",
        [
            Case.of(np.array([1, 0, 0, 0, 1, 1, 1, 0]), np.array([0.25, 0.25, 0.25, 0.25,
                                                                   0.75, 0.75, 0.75, 0.75]),
                    n_bins=4, label="accuracy equals confidence in every bin"),
        ],
        name="ECE: perfectly calibrated gives 0",
        hint="when each bin's positive rate equals its mean probability, every gap is zero",
    ),
    same_as_reference(
        "expected_calibration_error",
        _random_cases,
        name="ECE: random inputs",
        hint="bin with min(floor(p * B), B - 1), skip empty bins, weight each gap by n_b / n",
        mistakes=ECE_MISTAKES,
    ),
    same_as_reference(
        "brier_score",
        _brier_cases,
        name="Brier score: edge cases and random inputs",
        hint="mean of (p - y)^2 over the samples, one term per sample",
    ),
)
