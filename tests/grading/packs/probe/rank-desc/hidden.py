from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("longer lists")
def longer(t):
    xs = [(i * 7) % 11 for i in range(30)]
    compare.equal(t.sub.solve(xs), t.ref.solve(xs), inputs="30 values")
