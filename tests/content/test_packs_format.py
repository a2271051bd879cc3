"""The pack loader names the folder and file in every error; the validator catches bad packs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.content.pack import load_meta, parse_mutant
from mldrills.errors import NotFound, PackError
from mldrills.grading import Judge
from mldrills.grading.validate import validate_all

ECHO = Path(__file__).resolve().parents[1] / "judge/packs/probe/echo"
GOOD_META = """title = "T"
topic = 9
difficulty = "easy"
time_minutes = 10
entrypoints = ["solve"]
"""


def write_meta(tmp_path: Path, text: str, slug: str = "good-slug") -> Path:
    folder = tmp_path / "area" / slug
    folder.mkdir(parents=True)
    (folder / "meta.toml").write_text(text)
    return folder


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('title = "T"\n', "missing `topic`"),
        (GOOD_META.replace("topic = 9", "topic = 11"), "syllabus section"),
        (GOOD_META.replace('"easy"', '"trivial"'), "difficulty"),
        (GOOD_META.replace("time_minutes = 10", 'time_minutes = "ten"'), "wrong type"),
        (GOOD_META + "colour = 1\n", "unknown key(s) colour"),
        (GOOD_META.replace('["solve"]', '["not valid"]'), "entrypoints"),
        (GOOD_META + "[limits]\nturbo = true\n", "bad [limits]"),
        ("title = ", "invalid TOML"),
    ],
)
def test_meta_errors_name_the_file(tmp_path: Path, text: str, words: str) -> None:
    folder = write_meta(tmp_path, text)
    with pytest.raises(PackError, match=r"meta\.toml") as err:
        load_meta(folder)
    assert words in str(err.value)


def test_good_meta_and_slug_rules(tmp_path: Path) -> None:
    meta = load_meta(write_meta(tmp_path, GOOD_META))
    assert meta.slug == "good-slug" and meta.area == "area" and meta.topic_name
    with pytest.raises(PackError, match="slug"):
        load_meta(write_meta(tmp_path, GOOD_META, slug="Bad_Slug"))


def test_mutant_needs_its_header(tmp_path: Path) -> None:
    m = tmp_path / "m.py"
    m.write_text("def solve(x):\n    return 0\n")
    with pytest.raises(PackError, match="caught-by"):
        parse_mutant(m)
    m.write_text(
        "# mistake: returns zero\n# caught-by: echoes a number\ndef solve(x):\n    return 0\n"
    )
    assert parse_mutant(m).caught_by == "echoes a number"


def test_unknown_slug_suggests(tmp_path: Path) -> None:
    catalog = Catalog(ECHO.parent.parent)
    with pytest.raises(NotFound) as err:
        catalog.get("ecko")
    assert err.value.hint and "echo" in err.value.hint


def test_validator_reports_what_is_wrong(tmp_path: Path) -> None:
    pack = tmp_path / "packs/probe/echo"
    shutil.copytree(ECHO, pack)
    (pack / "starter.py").write_text("def solve(x):\n    return x\n")  # passes: tests can't fail
    mutants = pack / "mutants"
    mutants.mkdir()
    (mutants / "wrong-name.py").write_text(
        "# mistake: returns zero\n# caught-by: echoes an array\ndef solve(x):\n    return 0 if isinstance(x, int) else x\n"
    )
    (mutants / "uncaught.py").write_text(
        "# mistake: none really\n# caught-by: echoes a number\ndef solve(x):\n    return x\n"
    )
    (mutants / "caught.py").write_text(
        "# mistake: adds one\n# caught-by: echoes a number\ndef solve(x):\n    return x + 1\n"
    )
    catalog = Catalog(tmp_path / "packs")
    with Judge(catalog, preload_torch=False, slots=2) as judge:
        (report,) = validate_all(judge, catalog)
    text = "\n".join(report.problems)
    assert report.reference == "pass"
    assert "starter.py passes every check" in text
    assert "uncaught.py passes every check" in text
    assert "wrong-name.py is not caught by 'echoes an array'" in text
    assert report.mutants_caught == 1 and report.mutants_total == 3
    assert not report.ok
