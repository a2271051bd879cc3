"""Two grading threads loading the same pack at once both get the whole module."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from mldrills.content.pack import _import


def test_concurrent_imports_wait_for_the_whole_module(tmp_path: Path) -> None:
    slow = tmp_path / "tests.py"
    slow.write_text("import time\ntime.sleep(0.3)\nsuite = 'ready'\n", encoding="utf-8")
    name = "mldrills_packs.race_fixture.tests"
    seen: list[object] = []

    def load() -> None:
        seen.append(getattr(_import(slow, name), "suite", None))

    first = threading.Thread(target=load)
    first.start()
    second = threading.Thread(target=load)
    second.start()  # while the first is still inside the module's sleep
    first.join(10)
    second.join(10)
    sys.modules.pop(name, None)
    assert seen == ["ready", "ready"]
