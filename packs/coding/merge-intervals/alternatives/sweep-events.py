# A different algorithm: sort the starts and ends separately and count open intervals.
def merge_intervals(intervals):
    starts = sorted(s for s, _ in intervals)
    ends = sorted(e for _, e in intervals)
    out, i, j, depth, open_at = [], 0, 0, 0, None
    while i < len(starts):
        if starts[i] <= ends[j]:  # a start at the same point as an end comes first
            if depth == 0:
                open_at = starts[i]
            depth += 1
            i += 1
        else:
            depth -= 1
            if depth == 0:
                out.append((open_at, ends[j]))
            j += 1
    if starts:
        out.append((open_at, ends[-1]))
    return out
