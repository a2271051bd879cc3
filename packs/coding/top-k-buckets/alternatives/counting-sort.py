# Another way: a stable counting sort by descending grade with prefix sums (no lists of
# lists), then the first k positions.
def top_k_by_grade(grades, k, max_grade):
    counts = [0] * (max_grade + 1)
    for g in grades:
        counts[g] += 1
    # start[g]: where the first candidate of grade g goes when grades run high to low
    start, pos = [0] * (max_grade + 1), 0
    for g in range(max_grade, -1, -1):
        start[g] = pos
        pos += counts[g]
    order = [0] * len(grades)
    for i, g in enumerate(grades):  # increasing i keeps ties in index order (stable)
        order[start[g]] = i
        start[g] += 1
    return order[:k]
