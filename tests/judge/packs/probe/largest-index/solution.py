def solve(xs):
    return max(range(len(xs)), key=lambda i: (xs[i], -i))
