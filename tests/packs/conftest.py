"""Helpers for the packs' own tests: load a reference or alternative as a module."""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path

import pytest

PACKS = Path(__file__).resolve().parents[2] / "packs"


def load_pack_module(slug: str, name: str = "solution") -> types.ModuleType:
    """Import ``packs/*/<slug>/<name>.py`` (e.g. ``solution`` or ``alternatives/einsum``)."""
    matches = list(PACKS.glob(f"*/{slug}/{name}.py"))
    if len(matches) != 1:
        raise FileNotFoundError(f"packs/*/{slug}/{name}.py ({len(matches)} matches)")
    spec = importlib.util.spec_from_file_location(
        f"packtest_{slug}_{name}".replace("-", "_").replace("/", "_"), matches[0]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def load_pack() -> object:
    """Fixture form of ``load_pack_module``."""
    return load_pack_module
