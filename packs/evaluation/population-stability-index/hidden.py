import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _psi(expected, actual, n_bins=10, eps=1e-4, *, side="right", inside_only=False, floor="max"):
    """PSI with one convention switched to a common mistake."""
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)
    if inside_only:  # np.histogram over the reference range drops live values outside it
        bins = np.r_[expected.min(), edges, expected.max()]
        e = np.histogram(expected, bins)[0] / len(expected)
        a = np.histogram(actual, bins)[0] / len(actual)
    else:
        e = np.bincount(np.searchsorted(edges, expected, side), minlength=n_bins) / len(expected)
        a = np.bincount(np.searchsorted(edges, actual, side), minlength=n_bins) / len(actual)
    if floor == "add":
        e, a = e + eps, a + eps
    else:
        e, a = np.maximum(e, eps), np.maximum(a, eps)
    if floor == "renormalise":
        e, a = e / e.sum(), a / a.sum()
    return float(np.sum((a - e) * np.log(a / e)))


MISTAKES = {
    "bins closed on the right: a value equal to an edge belongs to the bin that starts there":
        lambda *a, **k: _psi(*a, **k, side="left"),
    "live values outside the reference range were dropped: the outer bins are open-ended":
        lambda *a, **k: _psi(*a, **k, inside_only=True),
    "eps added to every proportion: floor each one with max(p, eps) instead":
        lambda *a, **k: _psi(*a, **k, floor="add"),
    "floored proportions renormalised to sum to 1: the statement keeps them as they are":
        lambda *a, **k: _psi(*a, **k, floor="renormalise"),
}


def _random_cases(rng):
    cases = []
    for n, m, bins in ((50, 40, 5), (1000, 800, 10), (5000, 3000, 20)):
        shift = rng.uniform(-0.5, 0.5)
        cases.append(Case.of(rng.normal(0, 1, n), rng.normal(shift, 1.2, m), n_bins=bins,
                             label=f"{n} vs {m} values, {bins} bins"))
    return cases


suite.add(
    same_as_reference(
        "population_stability_index",
        [
            Case.of(np.arange(100.0), np.full(30, 12.0), n_bins=10,
                    label="every live value in one bin"),
            Case.of(np.r_[np.zeros(60), np.arange(40.0)], np.arange(0.0, 40.0, 2.0), n_bins=5,
                    label="repeated reference values: duplicate edges, empty bins"),
        ],
        name="empty bins stay finite",
        rtol=1e-9,
        atol=1e-12,
        hint="an empty bin gives ln(0): floor each proportion at eps before taking the log",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "population_stability_index",
        lambda rng: [
            # 103 reference values: no inner edge lands exactly on a value, so computing
            # the quantile levels as k / B or with linspace (an ulp apart) bins alike.
            Case.of(rng.random(103), np.r_[rng.random(50), np.full(50, 3.0)], n_bins=10,
                    label="half the live values above the reference maximum"),
            Case.of(rng.random(101), rng.uniform(-2.0, 0.5, 60), n_bins=4,
                    label="live values below the reference minimum"),
        ],
        name="values outside the reference range",
        rtol=1e-9,
        atol=1e-12,
        hint="the first and last bins extend to -inf and +inf",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "population_stability_index",
        [
            Case.of(np.array([1, 2, 2, 3, 3, 3, 4, 4, 5, 6]), np.array([2, 3, 3, 4, 4, 4, 5, 6, 6, 6]),
                    n_bins=4, label="small integers: many values on the edges"),
            Case.of(np.repeat(np.arange(10), 10), np.repeat(np.arange(10), 12), n_bins=5,
                    label="integers 0-9, identical shapes"),
        ],
        name="integer-valued feature",
        rtol=1e-9,
        atol=1e-12,
        hint="bins are closed on the left: v goes to the bin counting the edges <= v",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "population_stability_index",
        [
            Case.of(np.array([0.3, 1.2, 2.2, 0.9]), np.array([0.3, 1.2, 2.2, 0.9]), n_bins=2,
                    label="identical samples"),
            Case.of(np.array([5.0, 1.0, 3.0]), np.array([100.0, -7.0]), n_bins=1, label="one bin"),
            Case.of(np.array([2.0]), np.array([1.0, 2.0, 3.0]), n_bins=3,
                    label="a single reference value"),
            Case.of(np.arange(10.0), np.arange(10.0) + 100, n_bins=5, eps=1e-6, label="another eps"),
        ],
        name="edge cases",
        rtol=1e-9,
        atol=1e-12,
        hint="one bin holds everything, so PSI is 0; identical samples give 0 too",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "population_stability_index",
        _random_cases,
        name="random inputs",
        hint="edges are quantiles of expected; floor the shares at eps; sum (a - e) ln(a / e)",
        rtol=1e-9,
        atol=1e-12,
        mistakes=MISTAKES,
    ),
)
