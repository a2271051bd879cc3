"""Starting the CLI stays cheap: a `mldrills submit` that grades in the warm judge must not
pay for importing the database layer, numpy or torch in the client."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "numpy", "torch")


def test_importing_the_cli_leaves_heavy_libraries_out() -> None:
    code = (
        "import json, sys\n"
        "import mldrills.cli\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == []
