def solve(xs):
    out = []
    for i, x in enumerate(xs):
        j = len(out)
        while j > 0 and xs[out[j - 1]] < x:
            j -= 1
        out.insert(j, i)
    return out
