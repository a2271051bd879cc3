"""Puts the exercise packs inside the wheel, as ``mldrills/packs``.

The packs live at the top of the checkout (``packs/``), beside ``src/``, because authors
edit them there and ``mldrills check`` runs on them in place. A wheel has no checkout, so
the build copies them into the package, where ``settings.packs_dir`` looks when there is
no ``packs/`` beside ``src/``. Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithPacks(build_py):
    """``build_py`` that also copies ``packs/`` to ``<build>/mldrills/packs``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's packs/ directly
        source = HERE / "packs"
        if not (source / "syllabus.toml").is_file():
            raise SystemExit(f"cannot build mldrills: {source} holds no packs")
        target = Path(self.build_lib) / "mldrills" / "packs"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithPacks})
