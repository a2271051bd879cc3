from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("a small example")
def small_example(t):
    compare.equal(t.sub.solve([2.0, 7.0, 1.0]), 1, inputs="[2.0, 7.0, 1.0]")
