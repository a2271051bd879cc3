# mistake: allocates max_grade buckets instead of max_grade + 1, so the top grade overflows
# caught-by: grades 0 and max_grade
def top_k_by_grade(grades, k, max_grade):
    buckets = [[] for _ in range(max_grade)]
    for i, g in enumerate(grades):
        buckets[g].append(i)
    out = []
    for bucket in reversed(buckets):
        out.extend(bucket)
    return out[:k]
