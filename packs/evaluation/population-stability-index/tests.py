import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _psi(expected, actual, n_bins=10, eps=1e-4, *, edges_from=None, width=False, one_way=False,
         inside_only=False):
    """PSI with one convention switched to a common mistake."""
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    source = expected if edges_from is None else edges_from(expected, actual)
    if width:
        edges = np.linspace(source.min(), source.max(), n_bins + 1)[1:-1]
    else:
        edges = np.quantile(source, np.arange(1, n_bins) / n_bins)
    e = np.bincount(np.searchsorted(edges, expected, "right"), minlength=n_bins) / len(expected)
    inside = (actual >= expected.min()) & (actual <= expected.max()) | (not inside_only)
    a = np.bincount(np.searchsorted(edges, actual[inside], "right"), minlength=n_bins) / len(actual)
    e, a = np.maximum(e, eps), np.maximum(a, eps)
    return float(np.sum(a * np.log(a / e)) if one_way else np.sum((a - e) * np.log(a / e)))


MISTAKES = {
    "equal-width bins: the edges are quantiles of the reference sample":
        lambda *a, **k: _psi(*a, **k, width=True),
    "edges taken from the live sample: bins come from the reference (expected) only":
        lambda *a, **k: _psi(*a, **k, edges_from=lambda e, a: a),
    "edges from the pooled samples: bins come from the reference (expected) only":
        lambda *a, **k: _psi(*a, **k, edges_from=lambda e, a: np.concatenate([e, a])),
    "live values outside the reference range were dropped: the outer bins are open-ended":
        lambda *a, **k: _psi(*a, **k, inside_only=True),
    "one-way KL, sum a ln(a/e): PSI is sum (a - e) ln(a/e), symmetric in a and e":
        lambda *a, **k: _psi(*a, **k, one_way=True),
}

suite.add(
    same_as_reference(
        "population_stability_index",
        [
            Case.of(np.arange(1, 21),
                    np.array([3, 7, 8, 9, 11, 12, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 30]),
                    n_bins=4, label="the statement's example"),
        ],
        name="example from the statement",
        rtol=1e-9,
        atol=1e-12,
        hint="quantile edges of expected, bins closed on the left, sum (a - e) ln(a / e)",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "population_stability_index",
        lambda rng: [Case.of(rng.lognormal(0.0, 1.0, 2000), rng.lognormal(0.3, 1.1, 1500),
                             label="a skewed feature that drifted (default 10 bins)")],
        name="a skewed feature",
        rtol=1e-9,
        atol=1e-12,
        hint="the bins hold equal shares of the reference sample, whatever its shape",
        mistakes=MISTAKES,
    ),
)
