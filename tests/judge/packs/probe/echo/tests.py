from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("echoes a number")
def echoes_number(t):
    compare.equal(t.sub.solve(41), 41, inputs="41")
