"""The wheel works outside the checkout: packs, web assets, migrations and model inside.

The wheel is built from a copy of the checkout's sources, installed with ``--no-deps``
into a temporary folder, and run with this venv's Python (its dependencies) from a
folder that has no checkout above it, so nothing can fall back to ``packs/`` or ``src/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("src", "packs", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


@pytest.fixture(scope="module")
def wheel() -> Iterator[Path]:
    """The wheel built from a copy of the sources (the build writes beside them)."""
    base = Path(tempfile.mkdtemp(prefix="mdw", dir="/tmp"))
    try:
        tree = base / "tree"
        tree.mkdir()
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, tree / name, ignore=SKIP)
            else:
                shutil.copy2(source, tree / name)
        out = base / "dist"
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
        build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", out]
        subprocess.run([*build, str(tree)], check=True, capture_output=True, timeout=120)
        [built] = out.glob("mldrills-*.whl")
        yield built
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Iterator[dict[str, str]]:
    """The wheel installed into a folder; the environment that runs it from elsewhere."""
    base = Path(tempfile.mkdtemp(prefix="mdi", dir="/tmp"))
    try:
        site = base / "site"
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
        subprocess.run(
            [*pip, "install", "--no-deps", "--no-index", "--target", site, wheel],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (base / "cwd").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLDRILLS_")}
        env.update(
            PYTHONPATH=str(site),
            MLDRILLS_DATA_DIR=str(base / "data"),
            MLDRILLS_RUNTIME_DIR=str(base / "run"),
            MLDRILLS_JUDGE_DAEMON="off",  # each command's own judge: nothing outlives it
            COLUMNS="200",
            SITE=str(site),
            CWD=str(base / "cwd"),
        )
        yield env
    finally:
        shutil.rmtree(base, ignore_errors=True)


def mldrills(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (its shebang is this venv's Python)."""
    script = Path(env["SITE"]) / "bin" / "mldrills"
    return subprocess.run(
        [str(script), *args], env=env, cwd=env["CWD"], capture_output=True, text=True, timeout=120
    )


def test_wheel_holds_every_runtime_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "mldrills/packs/syllabus.toml",
        "mldrills/packs/coding/merge-intervals/solution.py",
        "mldrills/packs/coding/merge-intervals/mutants/no-sort.py",
        "mldrills/web/templates/base.html",
        "mldrills/web/static/app.js",
        "mldrills/web/static/vendor/htmx.min.js",
        "mldrills/web/static/vendor/katex/katex.min.css",
        "mldrills/feedback/model/model.safetensors",
        "mldrills/store/migrations/env.py",
        "mldrills/store/migrations/versions/0001_initial.py",
        "mldrills/py.typed",
    ]
    assert [n for n in expected if n not in names] == []
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    # Every pack file of the checkout is in it (git-tracked or not, caches aside).
    packs = {
        "mldrills/" + str(p.relative_to(ROOT))
        for p in (ROOT / "packs").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert packs - names == set()


def test_installed_wheel_lists_shows_and_grades(installed: dict[str, str]) -> None:
    site = Path(installed["SITE"])
    listed = mldrills(installed, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    slugs = {row["slug"] for row in json.loads(listed.stdout)}
    assert slugs == {meta.parent.name for meta in (ROOT / "packs").glob("*/*/meta.toml")}
    shown = mldrills(installed, "show", "merge-intervals")
    assert shown.returncode == 0, shown.stderr
    assert "Merge intervals" in shown.stdout
    solution = site / "mldrills/packs/coding/merge-intervals/solution.py"
    graded = mldrills(installed, "submit", "merge-intervals", "--file", str(solution), "--json")
    assert graded.returncode == 0, graded.stderr
    result = json.loads(graded.stdout)
    assert result["status"] == "pass" and result["passed"] == result["total"] > 0
    mutant = site / "mldrills/packs/coding/merge-intervals/mutants/no-sort.py"
    failed = mldrills(installed, "submit", "merge-intervals", "--file", str(mutant), "--json")
    assert json.loads(failed.stdout)["status"] == "fail"
    # The packs, database and code all came from the install, not from a checkout.
    doctor = json.loads(mldrills(installed, "doctor", "--json").stdout)
    assert doctor["packs_dir"] == str(site / "mldrills" / "packs")
    assert str(ROOT) not in graded.stdout + doctor["packs_dir"]


SERVE_SCRIPT = """
import sys
from fastapi.testclient import TestClient
import mldrills
from mldrills.web.app import create_app

assert mldrills.__file__.startswith(sys.argv[1]), mldrills.__file__
with TestClient(create_app(), base_url="http://127.0.0.1") as client:
    for path in ("/", "/exercises/merge-intervals", "/static/app.js",
                 "/static/vendor/katex/katex.min.css"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    print("served")
"""


def test_installed_wheel_serves_pages_and_assets(installed: dict[str, str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SERVE_SCRIPT, installed["SITE"]],
        env=installed,
        cwd=installed["CWD"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "served"
