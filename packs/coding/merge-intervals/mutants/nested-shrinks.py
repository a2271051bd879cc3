# mistake: overwrites the merged end with the new end, so a nested interval shrinks it
# caught-by: degenerate intervals
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [tuple(m) for m in merged]
