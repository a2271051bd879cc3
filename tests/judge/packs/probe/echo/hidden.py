import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("echoes an array")
def echoes_array(t):
    x = np.arange(6.0).reshape(2, 3)
    compare.close(t.sub.solve(x), x, inputs="arange(6).reshape(2, 3)")
