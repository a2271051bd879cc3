# Another way, vectorised: sort by start, take the running maximum of the ends; a new block
# starts wherever a start lies beyond the running maximum of every earlier end.
import numpy as np


def merge_intervals(intervals):
    if len(intervals) == 0:
        return []
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], intervals[i][1]))
    starts = [intervals[i][0] for i in order]
    ends = [intervals[i][1] for i in order]
    # object dtype keeps Python ints (any size) and returns them unchanged
    reach = np.maximum.accumulate(np.array(ends, dtype=object))  # max end so far
    new_block = [True] + [starts[i] > reach[i - 1] for i in range(1, len(starts))]
    firsts = [i for i, b in enumerate(new_block) if b]
    lasts = [*(f - 1 for f in firsts[1:]), len(starts) - 1]
    return [(starts[f], reach[last]) for f, last in zip(firsts, lasts)]
