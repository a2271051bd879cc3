def solve(xs):
    raise NotImplementedError
