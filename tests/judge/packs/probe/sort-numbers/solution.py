def sort_numbers(xs: list[int]) -> list[int]:
    return sorted(xs)
