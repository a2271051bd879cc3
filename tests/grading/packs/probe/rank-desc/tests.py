from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("largest first")
def largest_first(t):
    compare.equal(t.sub.solve([1, 3, 2]), [1, 2, 0], inputs="[1, 3, 2]")


@suite.check("ties keep input order")
def ties(t):
    compare.equal(t.sub.solve([2, 5, 2, 5]), [1, 3, 0, 2], inputs="[2, 5, 2, 5]")
