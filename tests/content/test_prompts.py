"""Design prompts: every shipped prompt loads and its figures recompute; the validator catches mistakes."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from mldrills.content.prompts import SECTIONS, get_prompt, load_prompts, validate_prompts
from mldrills.errors import NotFound

PACKS = Path(__file__).parents[2] / "packs"


def test_shipped_prompts_are_valid_and_cover_every_section() -> None:
    prompts, problems = load_prompts(PACKS)
    assert problems == []
    assert validate_prompts(PACKS) == []
    for prompt in prompts:
        assert [s.id for s in prompt.sections] == [sid for sid, _ in SECTIONS]
        assert len(prompt.clarifying) >= 3 and len(prompt.follow_ups) >= 3


def test_figures_are_recomputed_independently() -> None:
    p = get_prompt("product-recommender", PACKS)
    values = {n.name: n.value for n in p.numbers}
    assert math.isclose(values["avg_qps"], 20e6 * 3 / 86400)
    assert math.isclose(values["index_bytes"], 10e6 * 64 * 4)
    assert p.numbers[-1].text == "2.56 GB"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    (tmp_path / "prompts").mkdir()
    shutil.copy(PACKS / "prompts" / "product-recommender.toml", tmp_path / "prompts")
    return tmp_path


def edit(pack: Path, old: str, new: str) -> None:
    path = pack / "prompts" / "product-recommender.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_wrong_stated_figure_is_reported(pack: Path) -> None:
    edit(pack, "expect = 694", "expect = 900")
    [problem] = validate_prompts(pack)
    assert "avg_qps" in problem and "900" in problem


def test_a_missing_section_is_reported(pack: Path) -> None:
    edit(pack, 'id = "tradeoffs"', 'id = "extra"')
    [problem] = validate_prompts(pack)
    assert "sections must be exactly" in problem


def test_bad_expression_and_unknown_name(pack: Path) -> None:
    edit(pack, 'expr = "dau * visits_per_user / 86400"', 'expr = "dau * nobody"')
    [problem] = validate_prompts(pack)
    assert "avg_qps" in problem


def test_other_kinds_are_skipped_and_unknown_slug_is_not_found(pack: Path) -> None:
    (pack / "prompts" / "a-story.toml").write_text('kind = "behavioral"\n')
    assert [p.slug for p in load_prompts(pack)[0]] == ["product-recommender"]
    with pytest.raises(NotFound):
        get_prompt("a-story", pack)
