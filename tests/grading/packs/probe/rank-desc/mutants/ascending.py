# mistake: orders from smallest to largest
# caught-by: largest first
def solve(xs):
    return sorted(range(len(xs)), key=lambda i: xs[i])
