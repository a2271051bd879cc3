"""Editorials: the loader checks hints, sections and math; mistakes come from the mutants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.content.editorial import (
    SECTION_TITLES,
    editorial_problems,
    load_editorial,
    math_problems,
    mistakes,
)
from mldrills.content.pack import load_exercise
from mldrills.errors import PackError
from mldrills.grading.validate import static_problems

ECHO = Path(__file__).resolve().parents[1] / "judge/packs/probe/echo"
PACKS = Path(__file__).resolve().parents[2] / "packs"
GOOD = """---
hints:
  - "Look at what the function is given."
  - 'Return it unchanged; $x \\mapsto x$ is the whole job.'
---
## The idea
The identity map: $f(x) = x$.

## Complexity
$O(1)$ time and memory.

## Alternatives
- `copy.copy(x)` when a new object is wanted.
"""


@pytest.fixture
def echo(tmp_path: Path) -> Path:
    folder = tmp_path / "probe" / "echo"
    shutil.copytree(ECHO, folder)
    (folder / "mutants").mkdir(exist_ok=True)
    (folder / "mutants" / "plus-one.py").write_text(
        "# mistake: adds one to the input\n# caught-by: echoes a number\n"
        "def solve(x):\n    return x + 1\n"
    )
    return folder


def _with(folder: Path, text: str) -> list[str]:
    (folder / "editorial.md").write_text(text, encoding="utf-8")
    return editorial_problems(load_exercise(folder))


def test_good_editorial_loads(echo: Path) -> None:
    (echo / "editorial.md").write_text(GOOD, encoding="utf-8")
    ex = load_exercise(echo)
    editorial = load_editorial(ex)
    assert editorial is not None
    assert editorial.hints[0] == "Look at what the function is given."
    assert [s.title for s in editorial.sections] == list(SECTION_TITLES)
    assert editorial.section("Complexity") == "$O(1)$ time and memory."
    assert editorial.markdown.startswith("## The idea\n\nThe identity map")
    assert editorial_problems(ex) == []
    assert [m.to_dict() for m in mistakes(ex)] == [
        {"name": "plus-one", "mistake": "adds one to the input", "caught_by": "echoes a number"}
    ]


def test_missing_editorial_is_allowed_for_now(echo: Path) -> None:
    ex = load_exercise(echo)
    assert load_editorial(ex) is None and editorial_problems(ex) == []


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda t: t.replace("---\nhints", "hints", 1), "must start with YAML front matter"),
        (lambda t: t.replace('  - "Look at what the function is given."\n', ""), "a list of 2-3"),
        (lambda t: t.replace("hints:", "hints:\n  - one\n  - two\n  - three\n  - four\nx:"), "x"),
        (lambda t: t.replace("Look at what the function is given.", "x" * 401), "over 400"),
        (lambda t: t.replace('"Look at what the function is given."', '""'), "hint 1 must be"),
        (lambda t: t.replace("## Complexity", "## Cost"), "missing section(s) '## Complexity'"),
        (lambda t: t.replace("$O(1)$ time and memory.", ""), "'## Complexity' is empty"),
        (lambda t: t.replace("$f(x) = x$", "$f(x) = x"), "a '$' outside math"),
        (lambda t: t.replace("$O(1)$", "$O(\\frac{1}{2)$"), "'{' is never closed"),
        (lambda t: t.replace("\\mapsto x$", "\\mapsto x}$"), "hint 2: a '}' closes no '{'"),
    ],
)
def test_editorial_problems_name_the_file(echo: Path, edit: object, words: str) -> None:
    assert callable(edit)
    problems = _with(echo, edit(GOOD))
    assert len(problems) == 1
    assert str(echo / "editorial.md") in problems[0] and words in problems[0]


def test_pasting_the_reference_is_a_problem(echo: Path) -> None:
    body = "def solve(x):\n    copied = list(x)\n    return_value = copied\n    return return_value"
    (echo / "solution.py").write_text(body + "\n")
    pasted = GOOD.replace("## Complexity", f"```python\n{body}\n```\n\n## Complexity")
    assert any("repeats solution.py" in p for p in _with(echo, pasted))


def test_check_reports_a_broken_editorial(echo: Path) -> None:
    (echo / "editorial.md").write_text(GOOD.replace("## Alternatives", "## Others"))
    problems = static_problems(load_exercise(echo))
    assert any("'## Alternatives'" in p and "editorial.md" in p for p in problems)


def test_currency_is_not_math() -> None:
    assert math_problems("It costs \\$5 a month.", "x") == []
    assert math_problems("It costs \\$5 and $x$.", "x") == []


def catalog_editorial_problems(catalog: Catalog) -> list[str]:
    """Every exercise folder of the catalog must have an editorial.md, and it must validate.

    Each slug is loaded by name, so a pack that fails to load is reported too instead of
    being left out as ``Catalog.all`` does.
    """
    problems = []
    for slug in catalog.slugs:
        try:
            ex = catalog.get(slug)
        except PackError as exc:  # a folder that does not load at all (bad meta.toml, ...)
            problems.append(str(exc))
            continue
        if not (ex.path / "editorial.md").is_file():
            problems.append(f"{ex.path / 'editorial.md'}: missing")
        problems += editorial_problems(ex)  # a broken one is reported here, not raised
    return problems


def test_every_exercise_has_a_valid_editorial() -> None:
    catalog = Catalog(PACKS)
    assert len(catalog.slugs) >= 50  # the real catalog, not an empty folder
    assert catalog_editorial_problems(catalog) == []


def test_a_missing_or_broken_editorial_fails_the_catalog_test(echo: Path) -> None:
    catalog = Catalog(echo.parent.parent)
    assert catalog_editorial_problems(catalog) == [f"{echo / 'editorial.md'}: missing"]
    (echo / "editorial.md").write_text(GOOD.replace("## Complexity", "## Cost"))
    problems = catalog_editorial_problems(Catalog(echo.parent.parent))
    assert len(problems) == 1 and "missing section(s) '## Complexity'" in problems[0]
    (echo / "editorial.md").write_text(GOOD)
    assert catalog_editorial_problems(Catalog(echo.parent.parent)) == []


def test_a_mistake_may_go_on_over_several_comment_lines(echo: Path) -> None:
    (echo / "mutants" / "long.py").write_text(
        "# mistake: returns the input plus one, which looks right for\n"
        "#   small inputs only\n"
        "# caught-by: echoes a number\n"
        "# not part of the mistake\n"
        "def solve(x):\n    return x + 1\n"
    )
    found = {m.name: m.text for m in mistakes(load_exercise(echo))}
    assert found["long"] == "returns the input plus one, which looks right for small inputs only"
    assert found["plus-one"] == "adds one to the input"
