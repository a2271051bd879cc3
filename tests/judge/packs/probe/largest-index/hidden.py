from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("ties pick the first")
def ties(t):
    compare.equal(t.sub.solve([1.0, 3.0, 3.0]), 1, inputs="[1.0, 3.0, 3.0]")


@suite.check("random values")
def random_values(t):
    for _ in range(3):
        xs = [float(v) for v in t.rng.normal(size=8).round(6)]
        compare.equal(t.sub.solve(xs), t.ref.solve(xs), inputs=str(xs))
