"""meta.toml's optional [forbid] table: what a solution must not use, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content.pack import Forbid, load_meta
from mldrills.errors import PackError

META = """title = "T"
topic = 1
difficulty = "easy"
time_minutes = 10
entrypoints = ["solve"]
"""


def _folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "area" / "some-slug"
    folder.mkdir(parents=True)
    (folder / "meta.toml").write_text(text)
    return folder


def test_forbid_table_is_stored(tmp_path: Path) -> None:
    text = META + (
        '[forbid]\nmodules = ["sklearn"]\nnames = ["torch.nn.functional.layer_norm"]\n'
        'reason = "write it yourself"\n'
    )
    meta = load_meta(_folder(tmp_path, text))
    assert meta.forbid == Forbid(
        ("sklearn",), ("torch.nn.functional.layer_norm",), "write it yourself"
    )
    assert meta.forbid


def test_no_forbid_table_means_nothing_forbidden(tmp_path: Path) -> None:
    assert not load_meta(_folder(tmp_path, META)).forbid


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('modules = ["x"]\nreason = "r"\ncolour = 1\n', "only `modules`"),
        ('modules = "sklearn"\nreason = "r"\n', "`modules` must be a list"),
        ('names = ["torch.erf"]\n', "needs a `reason`"),
    ],
)
def test_bad_forbid_tables_name_the_problem(tmp_path: Path, table: str, words: str) -> None:
    with pytest.raises(PackError, match=r"meta\.toml") as err:
        load_meta(_folder(tmp_path, META + "[forbid]\n" + table))
    assert words in str(err.value)
