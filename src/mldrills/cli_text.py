"""Inline code in CLI text: `backticked` spans print in a style, without the backticks.

Statements, hints and messages are written in Markdown, where `np.argsort` marks code.
A terminal shows the backticks literally, so the CLI prints such text through here.
"""

from __future__ import annotations

import re

from rich.markup import escape
from rich.text import Text

CODE_STYLE = "bold cyan"
_CODE = re.compile(r"`([^`\n]+)`")


def inline(text: str, style: str = "") -> Text:
    """``text`` as Rich ``Text`` (no markup read) with each `code` span in CODE_STYLE."""
    out = Text(style=style)
    last = 0
    for match in _CODE.finditer(text):
        out.append(text[last : match.start()])
        out.append(match.group(1), style=CODE_STYLE)
        last = match.end()
    out.append(text[last:])
    return out


def markup(text: str) -> str:
    """``text``, already Rich markup, with `code` spans turned into styled markup."""
    return _CODE.sub(lambda m: f"[{CODE_STYLE}]{escape(m.group(1))}[/]", text)


__all__ = ["CODE_STYLE", "inline", "markup"]
