# mistake: the loop over grades stops at 1, so candidates with grade 0 are never returned
# caught-by: grades 0 and max_grade
def top_k_by_grade(grades, k, max_grade):
    buckets = [[] for _ in range(max_grade + 1)]
    for i, g in enumerate(grades):
        buckets[g].append(i)
    out = []
    for g in range(max_grade, 0, -1):
        out.extend(buckets[g])
    return out[:k]
