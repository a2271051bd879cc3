from mldrills.checks import Suite

suite = Suite()
