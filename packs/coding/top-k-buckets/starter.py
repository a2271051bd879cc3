def top_k_by_grade(grades: list[int], k: int, max_grade: int) -> list[int]:
    """Return the indices of the k highest grades (integers in [0, max_grade]), best first."""
    raise NotImplementedError
