# mistake: lists equal grades from the highest index down, by popping each bucket from the end (a stack); a reverse sort on (grade, index) is the same mistake: later candidates win ties
# caught-by: ties keep index order
def top_k_by_grade(grades, k, max_grade):
    buckets = [[] for _ in range(max_grade + 1)]
    for i, g in enumerate(grades):
        buckets[g].append(i)
    out = []
    for g in range(max_grade, -1, -1):
        while buckets[g] and len(out) < k:
            out.append(buckets[g].pop())
    return out
