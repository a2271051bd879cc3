"""Export concept cards to an Anki package (.apkg) with genanki.

Model and deck ids are derived from their names, so exporting again updates the same
deck in Anki instead of creating a copy; each note's guid is derived from the card's
global id for the same reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import genanki
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from mldrills.content.decks import Card, Deck
from mldrills.errors import InvalidInput

MODEL_NAME = "mldrills concept card"
FIELDS = ("Question", "Answer", "Points", "Area", "Difficulty", "Key")
CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"
FRONT = '<div class="question">{{Question}}</div>'
BACK = (
    "{{FrontSide}}<hr id=answer>{{Answer}}"
    '<div class="points"><b>A good answer says:</b>{{Points}}</div>'
)


def stable_id(name: str) -> int:
    """A positive id from a name, in the 31-bit range genanki's examples use."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _math(tex: str, options: dict[str, Any]) -> str:
    # Anki renders MathJax between \( \) and \[ \].
    if options.get("display_mode"):
        return f"\\[{escape(tex)}\\]"
    return f"\\({escape(tex)}\\)"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    dollarmath_plugin(md, allow_digits=False, renderer=_math)
    return md


def to_html(text: str) -> str:
    """Card Markdown as HTML with Anki's math delimiters."""
    return str(_markdown().render(text)).strip()


def _model() -> genanki.Model:
    return genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def _note(model: genanki.Model, card: Card) -> genanki.Note:
    points = "<ul>" + "".join(f"<li>{escape(p.point)}</li>" for p in card.points) + "</ul>"
    fields = [
        to_html(card.question),
        to_html(card.answer),
        points,
        escape(card.area),
        escape(card.difficulty),
        escape(card.key),
    ]
    tags = [f"mldrills::{card.area}", card.difficulty, *(t.replace(" ", "_") for t in card.tags)]
    return genanki.Note(model=model, fields=fields, tags=tags, guid=genanki.guid_for(card.key))


def deck_name(deck: Deck) -> str:
    """The Anki deck name: a subdeck of "mldrills" per area."""
    return f"mldrills::{deck.area}"


def export_apkg(decks: Sequence[Deck], out: Path) -> int:
    """Write ``decks`` to an .apkg file at ``out``; returns the number of notes."""
    if out.suffix != ".apkg":
        raise InvalidInput(f"{out}: the output file must end in .apkg")
    if not decks:
        raise InvalidInput("no decks to export")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent} is not an existing folder")
    model = _model()
    anki_decks = []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(deck_name(deck)), deck_name(deck))
        for card in deck.cards:
            anki_deck.add_note(_note(model, card))
        anki_decks.append(anki_deck)
    genanki.Package(anki_decks).write_to_file(str(out))
    return sum(len(deck.cards) for deck in decks)
