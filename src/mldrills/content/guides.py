"""Topic guides: ``packs/guides/<area>.md``, YAML front matter then eight fixed sections.

Guides link to other content with URL schemes (``exercise:causal-self-attention``,
``card:transformers/layernorm-vs-batchnorm``...). This module finds those links and checks
that each one resolves; the web app and the CLI turn them into URLs and references.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mldrills.errors import PackError

SECTION_TITLES = (
    "What the interviewer is probing",
    "Core knowledge",
    "A worked example",
    "A second angle",
    "Pitfalls",
    "Connections",
    "Further reading",
    "Practice items",
)
FRONT_MATTER_KEYS = ("area", "title", "summary")
LINK_SCHEMES = ("guide", "exercise", "deck", "card", "drill", "prompt")
_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_TARGET = {
    "card": re.compile(rf"^{_SLUG}/{_SLUG}$"),
    **{s: re.compile(rf"^{_SLUG}$") for s in LINK_SCHEMES if s != "card"},
}


@dataclass(frozen=True)
class Link:
    """A link to other mldrills content: ``[text](scheme:target)``."""

    scheme: str
    target: str
    text: str
    line: int  # 1-based, in the guide's file

    @property
    def ref(self) -> str:
        """``scheme:target`` as written."""
        return f"{self.scheme}:{self.target}"


@dataclass(frozen=True)
class Section:
    """One H2 section: its title and its Markdown body."""

    title: str
    body: str


@dataclass(frozen=True)
class Guide:
    """A parsed guide file."""

    area: str
    title: str
    summary: str
    path: Path
    body: str  # the Markdown after the front matter
    sections: tuple[Section, ...]
    links: tuple[Link, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the Markdown, section by section, and its links)."""
        return {
            "area": self.area,
            "title": self.title,
            "summary": self.summary,
            "markdown": self.body,
            "sections": [{"title": s.title, "markdown": s.body} for s in self.sections],
            "links": [
                {"scheme": k.scheme, "target": k.target, "text": k.text, "line": k.line}
                for k in self.links
            ],
        }


def parse_link(url: str) -> tuple[str, str] | None:
    """``(scheme, target)`` for a content link, or None for an ordinary URL or anchor."""
    scheme, sep, target = url.partition(":")
    if not sep or scheme not in LINK_SCHEMES:
        return None
    return scheme, target


def read_front_matter(text: str, where: str) -> tuple[dict[str, Any], str, int]:
    """The front matter as a mapping, the body, and how many lines the front matter took."""
    found = _FENCE.match(text)
    if found is None:
        raise PackError(f"{where}: must start with YAML front matter between '---' lines")
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError as exc:
        raise PackError(f"{where}: invalid YAML front matter: {exc}") from None
    if not isinstance(data, dict):
        raise PackError(f"{where}: the front matter must be a mapping of fields")
    return data, text[found.end() :], found.group(0).count("\n")


def split_front_matter(text: str, where: str) -> tuple[dict[str, str], str, int]:
    """The front matter's fields, the body, and how many lines the front matter took."""
    data, body, lines = read_front_matter(text, where)
    unknown = set(data) - set(FRONT_MATTER_KEYS)
    if unknown:
        raise PackError(f"{where}: unknown front matter key(s) {', '.join(sorted(unknown))}")
    for key in FRONT_MATTER_KEYS:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise PackError(f"{where}: front matter needs a non-empty {key!r}")
    fields = {k: str(data[k]).strip() for k in FRONT_MATTER_KEYS}
    return fields, body, lines


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Only headings and links matter here; tables and math do not change either.
    return MarkdownIt("commonmark")


def markdown_sections(
    tokens: list[Token], lines: list[str], where: str, expected: tuple[str, ...] = SECTION_TITLES
) -> tuple[Section, ...]:
    """The H2 sections of parsed Markdown, which must be exactly ``expected`` in order."""
    heads = [
        (i, tok.map[0] if tok.map else 0)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag == "h2"
    ]
    titles = [tokens[i + 1].content.strip() for i, _ in heads]
    if titles != list(expected):
        raise PackError(f"{where}: {_section_problem(titles, expected)}")
    starts = [line for _, line in heads]
    out = []
    for n, (title, start) in enumerate(zip(titles, starts, strict=True)):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = "".join(lines[start + 1 : end]).strip("\n")
        if not body.strip():
            raise PackError(f"{where}: section '## {title}' is empty")
        out.append(Section(title, body))
    return tuple(out)


def _section_problem(titles: list[str], expected: tuple[str, ...]) -> str:
    """Say what is wrong with the H2 headings, in the terms an author fixes them in."""
    missing = [t for t in expected if t not in titles]
    extra = [t for t in titles if t not in expected]
    if missing:
        return (
            "missing section(s) "
            + ", ".join(f"'## {t}'" for t in missing)
            + (" (found " + ", ".join(f"'## {t}'" for t in extra) + ")" if extra else "")
        )
    if extra:
        return "unexpected section(s) " + ", ".join(f"'## {t}'" for t in extra)
    dupes = sorted({t for t in titles if titles.count(t) > 1})
    if dupes:
        return "section(s) appear twice: " + ", ".join(f"'## {t}'" for t in dupes)
    return "sections are out of order; expected: " + ", ".join(expected)


def _links(tokens: Iterable[Token], offset: int, where: str) -> tuple[Link, ...]:
    out = []
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        line = (tok.map[0] if tok.map else 0) + offset + 1
        children = tok.children
        for i, child in enumerate(children):
            if child.type != "link_open":
                continue
            parsed = parse_link(str(child.attrGet("href") or ""))
            if parsed is None:
                continue
            scheme, target = parsed
            if not _TARGET[scheme].match(target):
                raise PackError(f"{where}:{line}: malformed link target {scheme}:{target}")
            out.append(Link(scheme, target, _link_text(children, i), line))
    return tuple(out)


def _link_text(children: list[Token], start: int) -> str:
    parts = []
    for child in children[start + 1 :]:
        if child.type == "link_close":
            break
        parts.append(child.content)
    return "".join(parts).strip()


def parse_guide(text: str, path: Path) -> Guide:
    """Parse a guide's text; problems raise PackError naming the file."""
    where = str(path)
    fields, body, offset = split_front_matter(text, where)
    tokens = _parser().parse(body)
    sections = markdown_sections(tokens, body.splitlines(keepends=True), where)
    return Guide(
        area=fields["area"],
        title=fields["title"],
        summary=fields["summary"],
        path=path,
        body=body.strip("\n") + "\n",
        sections=sections,
        links=_links(tokens, offset, where),
    )


def load_guide(path: Path, area: str | None = None) -> Guide:
    """Load one guide file; ``area``, when given, must match its front matter."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"{path}: the guide file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read the guide: {exc}") from None
    guide = parse_guide(text, path)
    if area is not None and guide.area != area:
        raise PackError(f"{path}: front matter says area {guide.area!r}, expected {area!r}")
    return guide
