"""Settings: each one documented, bad values rejected with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills import settings
from mldrills.errors import ConfigError

DOC = Path(__file__).resolve().parents[1] / "docs/settings.md"


@pytest.mark.parametrize("name", sorted(settings.SETTINGS))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{settings.SETTINGS[name].env}`" in DOC.read_text(), f"document {name} in {DOC}"


def test_defaults_follow_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLDRILLS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MLDRILLS_DATABASE_URL", raising=False)
    monkeypatch.delenv("MLDRILLS_WORKSPACE_DIR", raising=False)
    assert settings.get("database_url") == f"sqlite:///{tmp_path}/mldrills.db"
    assert settings.get("workspace_dir") == str(tmp_path / "workspaces")


def test_bad_values_raise_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLDRILLS_JUDGE_SLOTS", "many")
    with pytest.raises(ConfigError, match="MLDRILLS_JUDGE_SLOTS"):
        settings.get_int("judge_slots", minimum=1)
    monkeypatch.setenv("MLDRILLS_ISOLATION", "sometimes")
    with pytest.raises(ConfigError, match="expected one of"):
        settings.get_choice("isolation", ("auto", "required", "off"))
