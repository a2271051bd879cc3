"""Deck files: loading, ordering and every validation error naming file and card."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content.decks import CardIndex, load_deck, load_decks, validate_decks
from mldrills.errors import NotFound, PackError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "review_packs"

CARD = """
[[card]]
id = "{id}"
difficulty = "{difficulty}"
tags = ["t"]
question = "Why?"
answer = "Because."
{points}
"""
POINT = """
[[card.points]]
point = "A claim."
terms = [["claim"]]
"""


def deck(area: str = "llm", cards: str = "") -> str:
    return f'area = "{area}"\ntitle = "LLMs"\n' + cards


def card(id: str = "one", difficulty: str = "easy", points: int = 2) -> str:
    return CARD.format(id=id, difficulty=difficulty, points=POINT * points)


def write(root: Path, name: str, text: str) -> Path:
    path = root / "decks" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_decks_load_in_syllabus_order() -> None:
    index = CardIndex.load(FIXTURE)
    assert index.areas == ["transformers", "linear"]
    assert index.cards[0].key == "transformers/layernorm-vs-batchnorm"
    first = index.get("transformers/layernorm-vs-batchnorm")
    assert first is not None and len(first.points) == 2
    assert first.points[0].wrong == ("LayerNorm normalises each feature over the batch.",)
    assert first.to_dict()["points"][1]["terms"][0] == ["batch"]
    assert validate_decks(FIXTURE) == []
    with pytest.raises(NotFound, match="no deck for area 'llm'"):
        index.deck("llm")


def test_a_good_deck_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "llm", deck(cards=card("one") + card("two", "hard", 6)))
    loaded = load_deck(path)
    assert [c.key for c in loaded.cards] == ["llm/one", "llm/two"]
    assert loaded.cards[1].difficulty == "hard" and len(loaded.cards[1].points) == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (deck("trees", card()), "area 'trees' does not match the file name 'llm'"),
        (deck(cards=card() + card()), "card id 'one' appears twice"),
        (deck(cards=card(points=1)), "card 'one': needs 2-6 [[card.points]], found 1"),
        (deck(cards=card(points=7)), "card 'one': needs 2-6 [[card.points]], found 7"),
        (deck(cards=card(difficulty="tricky")), "card 'one': difficulty 'tricky'"),
        (deck(cards=card(id="Bad_Id")), "card id 'Bad_Id' must be a lowercase-hyphen slug"),
        (deck(), "a deck needs at least one [[card]]"),
        (deck(cards=card().replace('question = "Why?"', 'question = ""')), "'question' must be"),
        (deck(cards=card().replace("tags", "tagz")), "unknown key(s) tagz"),
        (deck(cards=card().replace('terms = [["claim"]]', "terms = 3", 1)), "point 1: 'terms'"),
        ("area = ", "cannot read deck"),
    ],
)
def test_broken_decks_name_file_and_card(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "llm", text)
    with pytest.raises(PackError) as caught:
        load_deck(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    (problem,) = validate_decks(tmp_path)
    assert message in problem


def test_validate_reports_every_broken_deck(tmp_path: Path) -> None:
    write(tmp_path, "llm", deck(cards=card(points=1)))
    write(tmp_path, "trees", deck("trees", card(difficulty="x")))
    write(tmp_path, "linear", deck("linear", card()))
    problems = validate_decks(tmp_path)
    assert len(problems) == 2
    assert "llm.toml" in problems[0] and "trees.toml" in problems[1]
    with pytest.raises(PackError):
        load_decks(tmp_path)


def test_no_decks_folder_means_no_decks(tmp_path: Path) -> None:
    assert load_decks(tmp_path) == [] and validate_decks(tmp_path) == []


SYLLABUS_AREA = """
[[area]]
slug = "{slug}"
number = {number}
title = "{slug}"
summary = "s"
guide = "guides/{slug}.md"
deck = "decks/{slug}.toml"
drills = []
exercises = []
prompts = []
pivots = []
"""


def test_the_syllabus_decides_the_order(tmp_path: Path) -> None:
    write(tmp_path, "llm", deck(cards=card()))
    write(tmp_path, "trees", deck("trees", card()))
    assert [d.area for d in load_decks(tmp_path)] == ["llm", "trees"]  # built-in order
    areas = [("trees", 1), ("llm", 2)]
    text = "".join(SYLLABUS_AREA.format(slug=s, number=n) for s, n in areas)
    (tmp_path / "syllabus.toml").write_text(text, encoding="utf-8")
    index = CardIndex.load(tmp_path)
    assert index.areas == ["trees", "llm"] and index.order == ["trees", "llm"]
    assert [c.key for c in index.cards] == ["trees/one", "llm/one"]
