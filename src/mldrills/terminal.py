"""Markdown in the terminal: Rich's renderer, with $math$ kept intact and content links named.

Rich's own parser knows nothing of ``$...$``: it reads ``\\{`` as an escaped brace and
``_i`` as emphasis, so formulas lose their backslashes. Here math is parsed as math first
and printed as readable text (see ``content.mathtext``), and a link such as
``[the card](card:transformers/kv-cache-size)`` prints as its title plus a reference.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from rich.markdown import Markdown

from mldrills.content.guides import parse_link
from mldrills.content.mathtext import tex_to_text

DISPLAY_INDENT = "    "


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough and dollar math (display math inside lines too)."""
    md = MarkdownIt("commonmark").enable("strikethrough").enable("table")
    dollarmath_plugin(md, allow_digits=False, double_inline=True)
    return md


def _math(content: str) -> Token:
    # Rich styles a self-closing token by its tag: math reads as italic text.
    return Token("text", "em", 0, content=tex_to_text(content))


def _display(content: str) -> list[Token]:
    return [
        Token("hardbreak", "br", 0),
        Token("text", "", 0, content=DISPLAY_INDENT),
        _math(content),
        Token("hardbreak", "br", 0),
    ]


def _inline(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    pending: list[str] = []  # references of content links still open
    for tok in children:
        href = str(tok.attrGet("href") or "") if tok.type == "link_open" else ""
        link = parse_link(href) if href else None
        if link is not None:
            pending.append(f" ({link[0]}: {link[1]})")
        elif tok.type == "link_close" and pending:
            out.append(Token("text", "", 0, content=pending.pop()))
        elif tok.type == "math_inline":
            out.append(_math(tok.content))
        elif tok.type == "math_inline_double":
            out.extend(_display(tok.content))
        elif tok.type == "softbreak" and out and out[-1].type == "hardbreak":
            continue  # the display already ended the line
        else:
            out.append(tok)
    return out


def transform(tokens: list[Token]) -> list[Token]:
    """Replace math and content-link tokens with tokens Rich knows how to print."""
    out: list[Token] = []
    for tok in tokens:
        if tok.type in ("math_block", "math_block_label"):
            inline = Token("inline", "", 0, children=_display(tok.content)[1:3])
            out += [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
        elif tok.type == "inline" and tok.children:
            tok.children = _inline(tok.children)
            out.append(tok)
        else:
            out.append(tok)
    return out


class TerminalMarkdown(Markdown):
    """A Rich ``Markdown`` that understands ``$math$`` and mldrills content links."""

    def __init__(self, markup: str, **kwargs: Any) -> None:
        super().__init__(markup, **kwargs)
        self.parsed = transform(parser().parse(markup))
