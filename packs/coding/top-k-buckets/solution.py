def top_k_by_grade(grades: list[int], k: int, max_grade: int) -> list[int]:
    """Return the indices of the k highest grades (integers in [0, max_grade]), best first."""
    buckets: list[list[int]] = [[] for _ in range(max_grade + 1)]
    for i, g in enumerate(grades):
        buckets[g].append(i)  # indices arrive in increasing order: ties stay by index
    out: list[int] = []
    for g in range(max_grade, -1, -1):  # best grade first, down to 0 included
        if len(out) >= k:
            break
        out.extend(buckets[g][: k - len(out)])
    return out
