# mistake: repeatedly scans all pairs until nothing merges (quadratic or worse)
# caught-by: runs in O(n log n)
def merge_intervals(intervals):
    blocks = [list(iv) for iv in intervals]
    out = []
    for s, e in blocks:
        # fold every earlier block this one overlaps into it: O(n) per interval
        keep = []
        for b in out:
            if b[0] <= e and s <= b[1]:
                s, e = min(s, b[0]), max(e, b[1])
            else:
                keep.append(b)
        keep.append([s, e])
        out = keep
    return sorted(tuple(b) for b in out)
