"""Anki export: stable ids, Markdown and math as Anki expects, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content.anki import export_apkg, stable_id, to_html
from mldrills.content.decks import CardIndex
from mldrills.errors import InvalidInput

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "review_packs"


def test_ids_are_stable_and_distinct() -> None:
    assert stable_id("mldrills::llm") == stable_id("mldrills::llm")
    assert stable_id("mldrills::llm") != stable_id("mldrills::trees")
    assert 1 << 30 <= stable_id("anything") < 1 << 31


def test_markdown_and_math_become_anki_html() -> None:
    html = to_html("Scale by $\\sqrt{d_k}$, *not* $d_k$:\n\n$$a_{ij} = q_i \\cdot k_j$$")
    assert "\\(\\sqrt{d_k}\\)" in html and "<em>not</em>" in html
    assert "\\[a_{ij} = q_i \\cdot k_j\\]" in html
    assert to_html("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_export_refuses_bad_targets(tmp_path: Path) -> None:
    decks = CardIndex.load(FIXTURE).decks
    with pytest.raises(InvalidInput, match=r"must end in \.apkg"):
        export_apkg(decks, tmp_path / "cards.zip")
    with pytest.raises(InvalidInput, match="not an existing folder"):
        export_apkg(decks, tmp_path / "missing" / "cards.apkg")
    with pytest.raises(InvalidInput, match="no decks"):
        export_apkg([], tmp_path / "cards.apkg")
    assert export_apkg(decks, tmp_path / "cards.apkg") == 4
    assert (tmp_path / "cards.apkg").stat().st_size > 0
