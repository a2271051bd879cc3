# mistake: loops over the grades and rescans every candidate for each one: O(n * G)
# caught-by: runs in O(n + G)
def top_k_by_grade(grades, k, max_grade):
    out = []
    for g in range(max_grade, -1, -1):
        if len(out) >= k:
            break
        for i, grade in enumerate(grades):
            if grade == g and len(out) < k:
                out.append(i)
    return out
