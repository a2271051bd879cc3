# mistake: pops indices from the end of each bucket (a stack), so later candidates win ties
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
