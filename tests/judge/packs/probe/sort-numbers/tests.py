from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()
suite.add(
    same_as_reference("sort_numbers", [Case.of([3, 1, 2])], name="sorts", compare_with="equal")
)
