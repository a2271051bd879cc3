import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


def check_case(
    t, fwd, bwd, m, schedule, fields=("makespan", "bubble_fraction", "peak_activations")
):
    """Compare the chosen fields with the reference, naming known mistakes."""
    inputs = f"stage_fwd={fwd}, stage_bwd={bwd}, n_micro={m}, schedule={schedule!r}"
    got = t.sub.simulate_pipeline(fwd, bwd, m, schedule)
    exp = t.ref.simulate_pipeline(fwd, bwd, m, schedule)
    compare.is_true(
        isinstance(got, dict) and set(fields) <= set(got),
        f"expected a dict with keys {list(fields)}, got {compare.short(got)}",
        inputs=inputs,
    )
    p = len(fwd)
    busy = m * (sum(fwd) + sum(bwd))
    if "makespan" in fields:
        compare.close(
            got["makespan"],
            exp["makespan"],
            what="makespan",
            rtol=1e-9,
            atol=1e-9,
            inputs=inputs,
            diagnose={
                "makespan from the balanced formula (m + p - 1) * slowest stage, "
                "but unbalanced stages need the simulation": (m + p - 1)
                * max(f + b for f, b in zip(fwd, bwd)),
            },
        )
    if "bubble_fraction" in fields:
        span = exp["makespan"]
        compare.close(
            got["bubble_fraction"],
            exp["bubble_fraction"],
            what="bubble_fraction",
            rtol=1e-9,
            atol=1e-9,
            inputs=inputs,
            diagnose={
                "idle time divided by busy time (that is (p-1)/m when balanced), "
                "not by the total GPU time": (p * span - busy) / busy,
                "idle time of one stage, not of all stages": 1 - busy / p / span / p,
            },
        )
    if "peak_activations" in fields:
        peaks = got["peak_activations"]
        compare.is_true(
            isinstance(peaks, list | tuple)
            and all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in peaks),
            f"peak_activations must be a list of {p} ints (counts of micro-batches), got "
            f"{compare.short(peaks)}",
            inputs=inputs,
            hint="likely mistake: the counts were built from a float array (np.cumsum of "
            "+1.0/-1.0), so they come back as floats",
        )
        compare.equal(
            got["peak_activations"],
            exp["peak_activations"],
            what="peak_activations",
            inputs=inputs,
            diagnose={
                "1F1B warm-up of p - s forwards instead of p - s - 1": [
                    min(p - s + 1, m) for s in range(p)
                ],
            },
        )


@suite.check(
    "balanced stages: the textbook bubble",
    hint="a backward waits for its own forward and for the next stage's backward; "
    "the bubble is idle time over all GPU time",
)
def balanced(t):
    for schedule in ("gpipe", "1f1b"):
        check_case(t, [1.0] * 4, [2.0] * 4, 8, schedule, fields=("makespan", "bubble_fraction"))
        check_case(t, [0.5] * 3, [1.0] * 3, 5, schedule, fields=("makespan", "bubble_fraction"))


@suite.check(
    "activations in flight",
    hint="count a micro-batch from the start of its forward to the end of its backward",
)
def activations(t):
    for schedule in ("gpipe", "1f1b"):
        check_case(t, [1.0] * 4, [2.0] * 4, 8, schedule, fields=("peak_activations",))
