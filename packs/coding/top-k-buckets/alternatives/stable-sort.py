# A comparison sort, O(n log n): Python's sort is stable, and reverse=True keeps equal keys
# in their original order, so ties stay by index.
def top_k_by_grade(grades, k, max_grade):
    return sorted(range(len(grades)), key=grades.__getitem__, reverse=True)[:k]
