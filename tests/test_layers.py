"""The package layers of mldrills, read from the source's imports (nothing is imported).

Top to bottom: cli -> web -> practice, feedback, jobs, ops -> grading -> checks -> judge ->
content, store -> settings -> errors. A package imports its own layer and the layers below
it, and no two packages import each other. ``probes`` runs inside the sandboxed child and imports nothing from
mldrills but itself; pack files import only the public check API (``mldrills.checks``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mldrills"
PACKS = ROOT / "packs"

# Rank of each top-level package or module of src/mldrills; higher sits above.
RANKS: dict[str, int] = {
    "cli": 9,  # and every cli_*.py beside it (see rank())
    "terminal": 9,
    "web": 8,
    "practice": 7,
    "feedback": 7,
    "jobs": 7,
    "ops": 7,  # health checks over store, content, grading and jobs
    "grading": 6,
    "checks": 5,
    "judge": 4,
    "content": 3,
    "store": 3,
    "settings": 2,
    "logs": 2,  # log formatting (reads settings)
    "metrics": 2,  # Prometheus instruments (imports nothing of mldrills)
    "errors": 1,
    "__init__": 0,  # the root package: its version string
}
PROBES = "probes"


def rank(top: str) -> int | None:
    """The layer of a top-level package or module (None when it has none)."""
    return RANKS["cli"] if top.startswith("cli_") else RANKS.get(top)


def imported_modules(source: str, module: str) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``source`` (``module`` is its name)."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:  # `from mldrills import settings` names a module
                yield node.lineno, f"{base}.{alias.name}" if base == "mldrills" else base


def top_of(name: str) -> str | None:
    """The top-level part of mldrills that ``name`` refers to, or None outside mldrills."""
    parts = name.split(".")
    if parts[0] != "mldrills":
        return None
    if len(parts) == 1 or parts[1] == "__version__":
        return "__init__"
    return parts[1]


def layer_problems(source: str, module: str) -> list[str]:
    """Upward imports of mldrills module ``module`` (dotted name), as messages."""
    own = top_of(module)
    assert own is not None
    problems = []
    for line, name in imported_modules(source, module):
        target = top_of(name)
        if target is None or target in (own, PROBES):  # probes sit at the bottom
            continue
        if own == PROBES:
            problems.append(f"{module}:{line} imports {name}: probes import nothing trusted")
            continue
        theirs, ours = rank(target), rank(own)
        if theirs is None or ours is None:
            problems.append(f"{module}:{line} imports {name}: no layer for {target} or {own}")
        elif theirs > ours:
            problems.append(f"{module}:{line} imports {name}, which sits above {own}")
    return problems


def pack_problems(source: str, where: str) -> list[str]:
    """Imports of mldrills in a pack file other than the public check API."""
    out = []
    for line, name in imported_modules(source, "pack.file"):
        if top_of(name) is not None and top_of(name) != "checks":
            out.append(f"{where}:{line} imports {name}; packs use only mldrills.checks")
    return out


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts)


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in SRC.glob("*.py")}
    assert {t for t in packages | modules if rank(t) is None} - {PROBES} == set()


def test_src_imports_point_down_only() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        problems += layer_problems(path.read_text(encoding="utf-8"), _module_name(path))
    assert problems == []


def test_no_two_packages_import_each_other() -> None:
    edges: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        module = _module_name(path)
        own = top_of(module)
        for _, name in imported_modules(path.read_text(encoding="utf-8"), module):
            target = top_of(name)
            if target is not None and target != own and own is not None:
                edges.setdefault(own, set()).add(target)
    both_ways = sorted((a, b) for a in edges for b in edges[a] if a < b and a in edges.get(b, ()))
    assert both_ways == []


def test_packs_import_only_the_check_api() -> None:
    problems = []
    for path in sorted(PACKS.rglob("*.py")):
        problems += pack_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("mldrills.judge.runner", "from mldrills.grading import Result\n"),
        ("mldrills.checks.core", "def f():\n    from mldrills.grading.steps import x\n"),
        ("mldrills.checks.core", "from ..grading import steps\n"),
        ("mldrills.content.pack", "import mldrills.checks.core\n"),
        ("mldrills.errors", "from mldrills import settings\n"),
        ("mldrills.practice.attempts", "from mldrills.cli import main\n"),
        ("mldrills.probes.helpers", "from mldrills.judge import wire\n"),
        ("mldrills.probes.training", "from mldrills import errors\n"),
        ("mldrills.grading.steps", "from mldrills.nowhere import x\n"),
    ],
)
def test_the_layer_check_sees_an_upward_import(module: str, source: str) -> None:
    assert layer_problems(source, module)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("mldrills.grading.steps", "from mldrills.checks.core import Check\n"),
        ("mldrills.checks.growth", "from mldrills.probes.linecount import counted_call\n"),
        ("mldrills.probes.helpers", "from mldrills.probes import training\nimport numpy\n"),
        ("mldrills.probes.helpers", "from . import training\n"),
        ("mldrills.web.app", "from mldrills import __version__, settings\n"),
    ],
)
def test_the_layer_check_allows_a_downward_import(module: str, source: str) -> None:
    assert layer_problems(source, module) == []


def test_the_pack_check_sees_a_private_import() -> None:
    assert pack_problems("from mldrills.probes.training import Rig\n", "p")
    assert pack_problems("from mldrills.judge.channel import SubmissionError\n", "p")
    assert pack_problems("from mldrills import grading\n", "p")
    assert pack_problems("from mldrills.checks import torch as tc\nimport numpy\n", "p") == []
    assert pack_problems("from mldrills import checks\n", "p") == []
