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


def values(slug: str) -> dict[str, float]:
    return {n.name: n.value for n in get_prompt(slug, PACKS).numbers}


def test_training_budget_matches_a_hand_computation() -> None:
    v = values("large-model-training")
    seconds = 6 * 70e9 * 1.4e12 / (1024 * 989e12 * 0.4)
    assert math.isclose(v["train_seconds"], seconds)
    assert 16 < seconds / 86400 < 17.5  # "about 17 days" in the outline
    assert math.isclose(v["state_bytes"], 70e9 * (2 + 2 + 4 + 4 + 4))  # bf16 w, g; fp32 w, m, v


def test_sample_size_matches_the_normal_approximation() -> None:
    from statistics import NormalDist

    z = NormalDist().inv_cdf
    p1, p2 = 0.90, 0.88
    n = (z(0.975) + z(0.8)) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2
    # The prompt rounds z to 1.96 and 0.84; the exact quantiles give nearly the same n.
    assert math.isclose(values("llm-quality-validation")["examples_for_drop"], n, rel_tol=0.01)


def test_negative_downsampling_correction_inverts_the_odds_shift() -> None:
    w, p = 0.1, 0.0909090909
    trained = p / (p + (1 - p) * w)  # what a model sees after keeping 10% of negatives
    assert math.isclose(trained, 0.5, rel_tol=1e-6)
    assert math.isclose(values("ads-ctr-prediction")["corrected_p"], p, rel_tol=1e-6)
