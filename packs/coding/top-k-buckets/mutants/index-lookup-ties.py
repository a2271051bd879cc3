# mistake: sorts the grades themselves, then maps each of the top k back with grades.index(g), which finds the first candidate with that grade every time: tied candidates all get the same index
# caught-by: examples from the statement
def top_k_by_grade(grades, k, max_grade):
    top = sorted(grades, reverse=True)[:k]
    return [grades.index(g) for g in top]
