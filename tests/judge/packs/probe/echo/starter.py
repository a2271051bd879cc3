def solve(x):
    raise NotImplementedError
