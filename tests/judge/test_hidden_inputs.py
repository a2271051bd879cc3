"""Hidden checks: fresh random inputs per submission, and nothing of them shown.

A table of answers was built from a few submissions that printed their hidden inputs
(the inputs never changed, and what a hidden check printed was shown). Now each
submission's hidden random inputs come from its own seed, kept in the result, and a
hidden check shows neither its inputs nor the submission's output.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from mldrills.grading import Judge

SLUG = "largest-index"
RANDOM = "random values"
PRINTS_INPUTS = (
    "def solve(xs):\n"
    "    answer = max(range(len(xs)), key=lambda i: (xs[i], -i))\n"
    "    print('SEEN', repr(list(xs)), answer)\n"
    "    return answer\n"
)


def _grade(judge: Judge, code: str, **kwargs: Any) -> Any:
    return judge.grade_exercise(judge.catalog.get(SLUG), code, hidden=True, **kwargs)


def _output(result: Any, name: str) -> str:
    return next(c.output for c in result.checks if c.name == name)


def _seen(output: str) -> dict[tuple[float, ...], int]:
    table = {}
    for xs, answer in re.findall(r"SEEN (\[.*?\]) (\d+)", output):
        table[tuple(ast.literal_eval(xs))] = int(answer)
    return table


def test_two_submissions_of_the_same_code_draw_different_hidden_inputs(judge: Judge) -> None:
    first = _grade(judge, PRINTS_INPUTS, reveal=True)
    second = _grade(judge, PRINTS_INPUTS, reveal=True)
    assert first.status == second.status == "pass"
    assert first.seed is not None and first.seed != second.seed
    assert _seen(_output(first, RANDOM)) and _output(first, RANDOM) != _output(second, RANDOM)
    # The fixed, named edge case stays the same.
    assert _output(first, "ties pick the first") == _output(second, "ties pick the first")


def test_a_kept_seed_reproduces_the_same_hidden_inputs(judge: Judge) -> None:
    first = _grade(judge, PRINTS_INPUTS, reveal=True)
    again = _grade(judge, PRINTS_INPUTS, reveal=True, seed=first.seed)
    assert again.seed == first.seed
    assert _output(again, RANDOM) == _output(first, RANDOM)


def test_a_hidden_check_shows_no_input_and_no_output(judge: Judge) -> None:
    code = (
        "def solve(xs):\n"
        "    print('SEEN', repr(list(xs)))\n"
        "    raise ValueError('inputs were ' + repr(list(xs)))\n"
    )
    result = _grade(judge, code)
    data = result.to_dict()  # what the JSON API sends; the CLI and web render the same
    hidden = [c for c in data["checks"] if c["hidden"]]
    visible = [c for c in data["checks"] if not c["hidden"]]
    assert hidden and all(c["status"] == "fail" for c in hidden)
    for c in hidden:
        assert c["output"] == ""
        assert "SEEN" not in c["message"] and "inputs were" not in c["message"]
        assert "ValueError" in c["message"]  # what went wrong, without the text
        assert "3.0" not in c["message"]
    assert "SEEN" in visible[0]["output"] and "inputs were" in visible[0]["message"]
    assert data["seed"] == result.seed is not None


def test_a_wrong_answer_on_a_hidden_check_does_not_quote_the_inputs(judge: Judge) -> None:
    result = _grade(judge, "def solve(xs):\n    return 0 if xs[0] != 1.0 else 5\n")
    ties = next(c for c in result.checks if c.name == "ties pick the first")
    assert ties.status == "fail" and "[1.0, 3.0, 3.0]" not in ties.message
    revealed = _grade(judge, "def solve(xs):\n    return 0 if xs[0] != 1.0 else 5\n", reveal=True)
    assert "[1.0, 3.0, 3.0]" in next(c.message for c in revealed.checks if c.name == ties.name)


def _lookup_code(table: dict[tuple[float, ...], int]) -> str:
    return f"TABLE = {table!r}\n\ndef solve(xs):\n    return TABLE.get(tuple(xs), -1)\n"


def test_a_lookup_table_built_from_earlier_outputs_fails(judge: Judge) -> None:
    table: dict[tuple[float, ...], int] = {}
    seeds = []
    for _ in range(6):  # six submissions that print every input with its answer
        earlier = _grade(judge, PRINTS_INPUTS, reveal=True)
        seeds.append(earlier.seed)
        for check in earlier.checks:
            table.update(_seen(check.output))
    # Control: were the hidden inputs the same on every submission (one seed for all, as
    # before), this table would pass every check.
    assert _grade(judge, _lookup_code(table), seed=seeds[0]).status == "pass"
    result = _grade(judge, _lookup_code(table))
    assert result.status == "fail"
    assert next(c.status for c in result.checks if c.name == RANDOM) == "fail"
