# mistake: sorts (grade, index) pairs in reverse, which also reverses the index order among ties
# caught-by: examples from the statement
def top_k_by_grade(grades, k, max_grade):
    order = sorted(range(len(grades)), key=lambda i: (grades[i], i), reverse=True)
    return order[:k]
