"""Exercise statements from Markdown to HTML; math is left for KaTeX in the browser."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound


def _math(tex: str, options: dict[str, Any]) -> str:
    # Keep the delimiters: KaTeX's auto-render finds $...$ and $$...$$ in the page.
    fence = "$$" if options.get("display_mode") else "$"
    return f"{fence}{escape(tex)}{fence}"


def _code(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang or "text")
    except ClassNotFound:
        return ""  # markdown-it escapes and wraps it itself
    return str(highlight(code, lexer, HtmlFormatter(nowrap=True, classprefix="hl-")))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "highlight": _code})
    md.enable("table")
    dollarmath_plugin(md, allow_digits=False, renderer=_math)
    return md


@lru_cache(maxsize=512)
def render(text: str) -> str:
    """HTML for a statement: CommonMark with tables, highlighted code and $math$."""
    return str(_parser().render(text))
