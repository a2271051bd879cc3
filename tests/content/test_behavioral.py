"""The behavioral pack: principles and prompts load, and broken files are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mldrills.content.behavioral import load_behavioral, validate_behavioral
from mldrills.content.knowledge import VALIDATORS
from mldrills.errors import NotFound

PACKS = Path(__file__).resolve().parents[2] / "packs"
REQUIRED = [
    "reduced-cost",
    "incomplete-information",
    "model-failed-in-production",
    "disagree-with-senior",
    "raised-the-bar",
    "tight-deadline",
]


def test_shipped_pack_is_valid_and_has_the_required_prompts() -> None:
    pack = load_behavioral(PACKS)
    assert validate_behavioral(PACKS) == []
    assert len(pack.prompts) >= 16
    assert len(pack.principles) == 12
    slugs = {p.slug for p in pack.prompts}
    assert set(REQUIRED) <= slugs
    for prompt in pack.prompts:
        assert len(prompt.follow_ups) >= 2, prompt.slug


def test_registered_with_mldrills_check() -> None:
    assert validate_behavioral in VALIDATORS


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKS / "behavioral", tmp_path / "behavioral")
    return tmp_path


def test_unknown_principle_in_a_prompt_is_named(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "behavioral" / "prompts.toml"
    path.write_text(path.read_text().replace('"frugality", "ownership"', '"thrift"'))
    problems = validate_behavioral(root)
    assert len(problems) == 1
    assert "reduced-cost" in problems[0] and "thrift" in problems[0]


def test_too_few_prompts_and_unprobed_principle(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "behavioral" / "prompts.toml"
    text = path.read_text()
    path.write_text(text[: text.index("[[prompt]]", text.index("[[prompt]]") + 1)])
    problems = validate_behavioral(root)
    assert any("at least 16" in p for p in problems)
    assert any("probed by no prompt" in p for p in problems)


def test_duplicate_slug_and_unknown_key(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "behavioral" / "principles.toml"
    path.write_text(path.read_text() + '\n[[principle]]\nslug = "ownership"\ntitle = "x"\n')
    assert "duplicate slugs ['ownership']" in validate_behavioral(root)[0]
    path.write_text(path.read_text().replace('title = "x"', 'colour = "x"'))
    assert "unknown keys ['colour']" in validate_behavioral(root)[0]


def test_absent_folder_is_not_a_problem(tmp_path: Path) -> None:
    assert validate_behavioral(tmp_path) == []


def test_lookups() -> None:
    pack = load_behavioral(PACKS)
    assert pack.prompt("tight-deadline").principles[0] == "deliver-results"
    with pytest.raises(NotFound):
        pack.prompt("nope")
    with pytest.raises(NotFound, match="thrift"):
        pack.check_principles(["ownership", "thrift"])


def test_absent_folder_loads_as_an_empty_pack(tmp_path: Path) -> None:
    pack = load_behavioral(tmp_path)
    assert pack.principles == () and pack.prompts == ()
    (tmp_path / "behavioral").mkdir()
    assert "principles.toml: cannot read" in validate_behavioral(tmp_path)[0]
