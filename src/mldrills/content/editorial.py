"""Exercise editorials: ``packs/<folder>/<slug>/editorial.md``, a hint ladder and three sections.

The front matter holds ``hints``, 2-3 rungs from a nudge to the key structure. The body has
exactly the H2 sections ``The idea``, ``Complexity`` and ``Alternatives``. The "common
mistakes" are not written here: they are the pack's mutants, read from their
``# mistake:`` lines, so the editorial and the judge's diagnoses never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from mldrills.content.guides import Section, markdown_sections, read_front_matter
from mldrills.content.pack import Exercise
from mldrills.errors import PackError

EDITORIAL_FILE = "editorial.md"
SECTION_TITLES = ("The idea", "Complexity", "Alternatives")
MIN_HINTS, MAX_HINTS = 2, 3
MAX_HINT_CHARS = 400
# A fenced block sharing this many lines with solution.py pastes the reference.
PASTED_LINES = 3
_MATH_TOKENS = {"math_inline", "math_inline_double", "math_block", "math_block_label"}
_STRAY_DOLLAR = re.compile(r"\$(?!\d)")  # "$5" is currency; any other dollar is TeX left over


@dataclass(frozen=True)
class Mistake:
    """A common mistake: one of the pack's mutants, and the check that catches it."""

    name: str
    text: str
    caught_by: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"name": self.name, "mistake": self.text, "caught_by": self.caught_by}


@dataclass(frozen=True)
class Editorial:
    """A parsed editorial file."""

    slug: str
    path: Path
    hints: tuple[str, ...]
    sections: tuple[Section, ...]

    def section(self, title: str) -> str:
        """The Markdown body of one section."""
        return next(s.body for s in self.sections if s.title == title)

    @property
    def markdown(self) -> str:
        """The three sections as one Markdown document."""
        return "\n\n".join(f"## {s.title}\n\n{s.body}" for s in self.sections) + "\n"


def mistakes(exercise: Exercise) -> list[Mistake]:
    """The exercise's common mistakes, one per mutant, in file order."""
    return [Mistake(m.name, m.mistake, m.caught_by) for m in exercise.mutants]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The same math rules as the web renderer, so what passes here renders there.
    md = MarkdownIt("commonmark")
    md.enable("table")
    dollarmath_plugin(md, allow_digits=False, double_inline=True)
    return md


def _brace_problem(tex: str) -> str | None:
    depth = 0
    for found in re.finditer(r"\\.|[{}]", tex):
        token = found.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return "a '}' closes no '{'"
    return "a '{' is never closed" if depth else None


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        out.append(tok)
        out.extend(_walk(tok.children or []))
    return out


def math_problems(markdown: str, where: str) -> list[str]:
    """Leftover ``$`` outside math, and formulas with unbalanced braces or nothing in them."""
    problems = []
    for tok in _walk(_parser().parse(markdown)):
        if tok.type == "text" and _STRAY_DOLLAR.search(tok.content):
            problems.append(f"{where}: a '$' outside math in {tok.content.strip()[:60]!r}")
        elif tok.type in _MATH_TOKENS:
            tex = tok.content.strip()
            issue = "an empty formula" if not tex else _brace_problem(tex)
            if issue:
                problems.append(f"{where}: {issue} in ${tex[:60]}$")
    return problems


def _hints(data: dict[str, Any], where: str) -> tuple[str, ...]:
    unknown = set(data) - {"hints"}
    if unknown:
        raise PackError(f"{where}: unknown front matter key(s) {', '.join(sorted(unknown))}")
    hints = data.get("hints")
    if not isinstance(hints, list) or not MIN_HINTS <= len(hints) <= MAX_HINTS:
        raise PackError(f"{where}: front matter needs `hints`, a list of {MIN_HINTS}-{MAX_HINTS}")
    for n, hint in enumerate(hints, 1):
        if not isinstance(hint, str) or not hint.strip():
            raise PackError(f"{where}: hint {n} must be non-empty text")
        if len(hint) > MAX_HINT_CHARS:
            raise PackError(f"{where}: hint {n} is over {MAX_HINT_CHARS} characters")
    texts = tuple(h.strip() for h in hints)
    if len(set(texts)) != len(texts):
        raise PackError(f"{where}: two hints say the same thing")
    return texts


def parse_editorial(text: str, path: Path, slug: str) -> Editorial:
    """Parse an editorial's text; problems raise PackError naming the file."""
    where = str(path)
    data, body, _ = read_front_matter(text, where)
    hints = _hints(data, where)
    tokens = _parser().parse(body)
    sections = markdown_sections(tokens, body.splitlines(keepends=True), where, SECTION_TITLES)
    return Editorial(slug=slug, path=path, hints=hints, sections=sections)


def load_editorial(exercise: Exercise) -> Editorial | None:
    """The exercise's editorial, or None when it has none yet."""
    path = exercise.path / EDITORIAL_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read the editorial: {exc}") from None
    return parse_editorial(text, path, exercise.slug)


def _pasted_code(markdown: str, reference: str) -> int:
    """The most lines any fenced block shares with the reference solution."""
    ref_lines = {line.strip() for line in reference.splitlines() if len(line.strip()) >= 12}
    shared = [
        sum(1 for line in tok.content.splitlines() if line.strip() in ref_lines)
        for tok in _parser().parse(markdown)
        if tok.type in ("fence", "code_block")
    ]
    return max(shared, default=0)


def editorial_problems(exercise: Exercise) -> list[str]:
    """Every problem of the exercise's editorial; none when it has no editorial yet."""
    try:
        editorial = load_editorial(exercise)
    except PackError as exc:
        return [str(exc)]
    if editorial is None:
        return []
    where = str(editorial.path)
    problems = math_problems(editorial.markdown, where)
    for n, hint in enumerate(editorial.hints, 1):
        problems += math_problems(hint, f"{where}: hint {n}")
    if _pasted_code(editorial.markdown, exercise.reference_source()) >= PASTED_LINES:
        problems.append(f"{where}: a code block repeats solution.py; the app shows it already")
    return problems
