"""Markdown (statements, guides, cards) to HTML; math is marked up for KaTeX in the browser.

Math is parsed before any other inline rule, so ``\\{``, ``_`` and ``*`` inside ``$...$``
reach KaTeX untouched. Display math may sit on its own lines, inside a paragraph or inside
a list item. Each formula becomes one element holding its TeX as text (``.math``, plus
``.math-display`` for display math); ``static/math.js`` typesets exactly those elements,
so no delimiter scanning happens in the page. Content links (``exercise:kmeans``,
``guide:llm``...) become app URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from mldrills.content.guides import parse_link

# Where each content link scheme leads in the app.
LINK_URLS = {
    "guide": "/guides/{}",
    "exercise": "/exercises/{}",
    "deck": "/review?area={}",
    "drill": "/drills/{}",
    "prompt": "/design/{}",
}


def content_url(scheme: str, target: str) -> str:
    """The app URL of a content link (``card:<area>/<id>`` opens that area's review)."""
    if scheme == "card":
        area = target.partition("/")[0]
        return f"/review?area={quote(area)}"
    return LINK_URLS[scheme].format(quote(target))


def _code(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang or "text")
    except ClassNotFound:
        return ""  # markdown-it escapes and wraps it itself
    return str(highlight(code, lexer, HtmlFormatter(nowrap=True, classprefix="hl-")))


def _math_rule(tag: str, display: bool) -> Any:
    css = "math math-display" if display else "math"

    def rule(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
        html = f'<{tag} class="{css}">{escape(tokens[idx].content.strip())}</{tag}>'
        return html + "\n" if tag == "div" else html

    return rule


def _resolve_links(state: StateCore) -> None:
    """Point content links at app URLs and mark them for styling."""
    for block in state.tokens:
        for tok in block.children or ():
            if tok.type != "link_open":
                continue
            parsed = parse_link(str(tok.attrGet("href") or ""))
            if parsed is not None:
                tok.attrSet("href", content_url(*parsed))
                tok.attrSet("class", f"content-link content-{parsed[0]}")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "highlight": _code})
    md.enable("table")
    # double_inline: $$...$$ inside a paragraph or a list item is display math too.
    dollarmath_plugin(md, allow_digits=False, double_inline=True)
    md.add_render_rule("math_inline", _math_rule("span", display=False))
    # A <div> may not sit inside a <p>: display math within a paragraph is a block span.
    md.add_render_rule("math_inline_double", _math_rule("span", display=True))
    md.add_render_rule("math_block", _math_rule("div", display=True))
    md.add_render_rule("math_block_label", _math_rule("div", display=True))
    md.core.ruler.push("content_links", _resolve_links)
    return md


@lru_cache(maxsize=512)
def render(text: str) -> str:
    """HTML for Markdown: CommonMark with tables, highlighted code, $math$, content links."""
    return str(_parser().render(text))
