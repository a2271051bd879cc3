# Plain Python: quantile edges by linear interpolation on the sorted reference, then
# bisect_right for each value (the number of edges <= v is the bin).
import math
from bisect import bisect_right


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    """PSI with the standard library only."""
    ref = sorted(float(v) for v in expected)
    edges = []
    for k in range(1, n_bins):
        pos = (len(ref) - 1) * k / n_bins  # numpy's default "linear" quantile
        lo = math.floor(pos)
        hi = min(lo + 1, len(ref) - 1)
        edges.append(ref[lo] + (ref[hi] - ref[lo]) * (pos - lo))

    def shares(values):
        counts = [0] * n_bins
        for v in values:
            counts[bisect_right(edges, float(v))] += 1
        return [max(c / len(values), eps) for c in counts]

    e, a = shares(expected), shares(actual)
    return sum((ai - ei) * math.log(ai / ei) for ai, ei in zip(a, e))
