import numpy as np

from mldrills.checks import CheckFailed, Suite, compare

suite = Suite()


def numbers(got, n, what):
    """The returned value as n floats (a tuple, list or array of numbers), or a clear failure."""
    arr = compare.as_array(got, what).astype(float).ravel()
    if arr.size != n:
        raise CheckFailed(f"{what}: expected {n} numbers, got {compare.short(got)}")
    return arr


_LONG_RUNS: dict[bytes, np.ndarray] = {}


def _data(n=200, seed=11):
    """Per-example losses of two strongly correlated models (B a little better than A)."""
    rng = np.random.default_rng(seed)
    a = rng.gamma(2.0, 0.5, n)
    b = 0.93 * a + rng.normal(0.0, 0.12, n)
    return a, b


def _long_run(a, b, reps=60_000):
    """Replicates of a long paired-bootstrap run (cached: the data are fixed)."""
    d = b - a
    key = d.tobytes()
    if key not in _LONG_RUNS:
        rng = np.random.default_rng(2024)
        chunks = [d[rng.integers(0, len(d), size=(10_000, len(d)), dtype=np.int32)].mean(axis=1)
                  for _ in range(reps // 10_000)]
        _LONG_RUNS[key] = np.concatenate(chunks)
    return _LONG_RUNS[key]


def _explain(got_lo, got_hi, reps, alpha, a, b):
    """Name the mistake a wrong interval most likely comes from."""
    sd = reps.std()
    exp_lo, exp_hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    width, expected_width = got_hi - got_lo, exp_hi - exp_lo
    if abs(got_lo + exp_hi) < 0.12 * sd and abs(got_hi + exp_lo) < 0.12 * sd:
        return "your interval is for A minus B: the statement's difference is mean(b) - mean(a)"
    if width <= 1e-12:
        return ("your interval has zero width: every replicate gave the same difference. Draw the "
                "indices with replacement (a permutation of all n examples always has the same mean)")
    unpaired = np.sqrt(a.var() + b.var()) / np.sqrt(len(a))
    if width > 1.5 * expected_width and abs(width / expected_width - unpaired / sd) < 0.25 * unpaired / sd:
        return ("your interval is %.1fx too wide, as if A and B were resampled independently: use the "
                "same indices for both models" % (width / expected_width))
    for q, name in ((alpha, "alpha and 1 - alpha"), (alpha / 4, "alpha/4 and 1 - alpha/4")):
        lo, hi = np.quantile(reps, [q, 1 - q])
        if abs(got_lo - lo) < 0.12 * sd and abs(got_hi - hi) < 0.12 * sd:
            return (f"your interval matches the quantiles {name}: a two-sided interval puts "
                    "alpha/2 in each tail")
    return None


def check_interval(t, a, b, alpha, what):
    """lo and hi must agree with a long run of the paired bootstrap, up to Monte Carlo error."""
    reps = _long_run(a, b)
    _, lo, hi = numbers(t.sub.paired_bootstrap_ci(a, b, 20_000, alpha, 5), 3, "(delta, lo, hi)")
    exp_lo, exp_hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    # sd is the bootstrap standard error. A correct solution that draws its replicates
    # differently from the reference has Monte Carlo error of about 0.019 sd at each end
    # (n_boot = 20,000), 0.022 sd with the long run's own: the 0.12 sd tolerance is 5.4
    # of those, so it fails about once in 10^7 gradings; the seed is fixed, so the
    # reference (and any solution drawing like it) gets the same verdict every time.
    sd = reps.std()
    if abs(lo - exp_lo) > 0.12 * sd or abs(hi - exp_hi) > 0.12 * sd:
        why = _explain(lo, hi, reps, alpha, a, b)
        t.fail(f"{what}: expected lo ~ {exp_lo:.5f} and hi ~ {exp_hi:.5f} (give or take "
               f"{0.12 * sd:.5f}), got lo = {lo:.5f}, hi = {hi:.5f}\n  input: {len(a)} paired "
               f"per-example losses, n_boot=20000, alpha={alpha}",
               hint=f"likely mistake: {why}" if why else None)


@suite.check("delta is the observed difference",
             hint="delta is computed once on the full data, B minus A; the bootstrap only gives the interval")
def delta_exact(t):
    a, b = _data()
    got = numbers(t.sub.paired_bootstrap_ci(a, b, 500, 0.05, 0), 3, "(delta, lo, hi)")
    compare.close(got[0], b.mean() - a.mean(), rtol=1e-9, atol=1e-12, what="delta",
                  inputs=f"{len(a)} paired per-example losses, n_boot=500",
                  diagnose={"the difference is mean(b) - mean(a), B minus A": a.mean() - b.mean()})


@suite.check("interval matches a long bootstrap run",
             hint="resample n indices with replacement, the same for A and B; take the alpha/2 "
                  "and 1 - alpha/2 quantiles of the replicated differences")
def interval(t):
    a, b = _data()
    check_interval(t, a, b, 0.05, "95% interval (alpha=0.05)")
    check_interval(t, a, b, 0.5, "50% interval (alpha=0.5)")
