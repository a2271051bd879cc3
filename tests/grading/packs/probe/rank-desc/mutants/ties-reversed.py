# mistake: sorts by (value, index) in reverse, which puts equal values in reverse input order
# caught-by: ties keep input order
def solve(xs):
    return sorted(range(len(xs)), key=lambda i: (xs[i], i), reverse=True)
