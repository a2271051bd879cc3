"""The console runs the learner's code and the reference in sandboxed children, side by side."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.errors import InvalidInput
from mldrills.grading import Judge
from mldrills.grading.console import ConsoleResult, console, example
from mldrills.grading.console_input import InputTooLarge

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).parent / "packs" / "probe" / "rank-desc"
GOOD = "def solve(xs):\n    return sorted(range(len(xs)), key=lambda i: -xs[i])\n"


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    """rank-desc (3 s per check, 256 MB) and lru-cache (a class), no torch."""
    root = tmp_path_factory.mktemp("packs")
    shutil.copytree(PROBE, root / "probe" / "rank-desc")
    shutil.copytree(REPO / "packs" / "coding" / "lru-cache", root / "coding" / "lru-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("MLDRILLS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    mp.setenv("MLDRILLS_PACKS_DIR", str(root))
    with Judge(Catalog(root), preload_torch=False, slots=2) as j:
        yield j
    mp.undo()


def run(judge: Judge, code: str, text: str, slug: str = "rank-desc") -> ConsoleResult:
    return console(judge, judge.catalog.get(slug), code, text)


def test_the_learners_value_is_shown_next_to_the_references(judge: Judge) -> None:
    res = run(judge, GOOD, "solve([1, 3, 2])\nsolve(np.array([2.0, 5.0, 2.0]))")
    first, second = res.rows
    assert first.statement == "solve([1, 3, 2])" and first.line == 1
    assert (first.yours.status, first.yours.value, first.yours.type) == ("ok", "[1, 2, 0]", "list")
    assert first.reference.value == "[1, 2, 0]" and first.agree is True
    assert first.yours.wall_ms is not None and first.yours.wall_ms >= 0
    assert first.yours.cpu_ms is not None
    assert second.agree is True and res.load_error == "" and res.notes == []


def test_arrays_report_shape_and_dtype_and_a_wrong_answer_disagrees(judge: Judge) -> None:
    code = (
        "import numpy as np\n"
        "def solve(xs):\n"
        "    print('debug', len(xs))\n"
        "    return np.arange(len(xs), dtype=np.int32)[::-1].reshape(1, -1)\n"
    )
    row = run(judge, code, "solve([1, 3, 2])").rows[0]
    assert row.yours.type == "numpy.ndarray"
    assert (row.yours.shape, row.yours.dtype) == ([1, 3], "int32")
    assert row.yours.output == "debug 3\n"
    assert row.agree is False and "types differ: numpy.ndarray vs list" in row.note


def test_float_answers_agree_within_a_tolerance(judge: Judge) -> None:
    code = "def solve(xs):\n    return [x * (1 + 1e-9) for x in xs]\n"
    ref = judge.catalog.get("rank-desc")
    res = console(judge, ref, code, "solve([0.5, 1.5])")
    assert res.rows[0].agree is False  # the reference returns ranks, not the values
    same = console(judge, ref, GOOD.replace("-xs[i]", "-xs[i] * (1 + 1e-12)"), "solve([0.5, 1.5])")
    assert same.rows[0].agree is True


def test_an_exception_names_its_type_message_and_line(judge: Judge) -> None:
    code = "def solve(xs):\n    total = 0\n    return xs[10]\n"
    res = run(judge, code, "solve([1, 2])\nsolve([3])")
    row = res.rows[0]
    assert row.yours.status == "error" and row.agree is None
    assert row.yours.error is not None
    assert row.yours.error["type"] == "IndexError" and row.yours.error["line"] == 3
    assert "list index out of range" in row.yours.error["message"]
    assert res.rows[1].yours.status == "error"  # the next line still runs
    assert row.reference.status == "ok"


def test_a_reference_error_never_shows_the_references_lines(judge: Judge) -> None:
    row = run(judge, GOOD, "solve(5)").rows[0]
    assert row.reference.status == "error" and row.reference.error is not None
    assert row.reference.error["line"] is None
    assert "sorted" not in row.reference.error["message"]  # its source line stays here
    assert row.yours.error is not None and "sorted" in row.yours.error["message"]


def test_a_timeout_stops_that_side_and_the_reference_still_answers(judge: Judge) -> None:
    code = "def solve(xs):\n    while True:\n        pass\n"
    res = run(judge, code, "solve([1])\nsolve([2])")
    first, second = res.rows
    assert first.yours.error is not None and first.yours.error["kind"] == "timeout"
    assert "did not finish within 3 s" in first.yours.error["message"]
    assert second.yours.status == "not run"
    assert first.reference.value == "[0]" and second.reference.value == "[0]"


def test_running_out_of_memory_is_reported(judge: Judge) -> None:
    code = "def solve(xs):\n    return len(bytearray(4 * 1024**3))\n"
    row = run(judge, code, "solve([1])").rows[0]
    assert row.yours.status == "error" and row.yours.error is not None
    assert row.yours.error["kind"] in ("memory", "died")
    assert "memory" in row.yours.error["message"].lower()


def test_code_that_does_not_load_says_why_and_the_reference_still_runs(judge: Judge) -> None:
    res = run(judge, "def solve(xs)\n    return xs\n", "solve([1, 3, 2])")
    assert "does not parse" in res.load_error
    assert res.rows[0].yours.status == "not run" and res.rows[0].reference.value == "[1, 2, 0]"


def test_a_forbidden_name_is_noted_but_the_value_is_shown(judge: Judge) -> None:
    code = "import numpy as np\ndef solve(xs):\n    return list(np.argsort([-x for x in xs]))\n"
    res = run(judge, code, "solve([1, 3, 2])")
    assert res.rows[0].yours.status == "ok"
    assert res.notes and "numpy.argsort" in res.notes[0]


def test_a_class_is_driven_by_a_call_sequence(judge: Judge) -> None:
    ref = judge.catalog.get("lru-cache").reference_source()
    text = "c = LRUCache(2)\nc.put('a', 1)\nc.put('b', 2)\nc.get('a')\nc.put('c', 3)\nc.get('b')"
    res = run(judge, ref, text, slug="lru-cache")
    made, *_, hit, _, miss = res.rows
    assert made.yours.type == "LRUCache" and made.yours.value == "<LRUCache object>"
    assert made.agree is None
    assert hit.yours.value == "1" and miss.yours.value == "None"
    assert all(r.agree is not False for r in res.rows)


def test_a_name_whose_line_failed_is_reported_on_later_lines(judge: Judge) -> None:
    broken = "class LRUCache:\n    def __init__(self, capacity):\n        raise ValueError('no')\n"
    res = run(judge, broken, "c = LRUCache(2)\nc.get('a')", slug="lru-cache")
    assert res.rows[0].yours.status == "error"
    later = res.rows[1].yours
    assert later.error is not None and "`c` has no value" in later.error["message"]


def test_hostile_input_never_runs_and_huge_input_is_refused(judge: Judge) -> None:
    with pytest.raises(InvalidInput):
        run(judge, GOOD, "solve(__import__('os').system('touch /tmp/console-pwned'))")
    assert not Path("/tmp/console-pwned").exists()
    with pytest.raises(InputTooLarge):
        run(judge, GOOD, "solve(np.zeros((5000, 5000)))")


def test_the_example_comes_from_the_first_visible_check(judge: Judge) -> None:
    assert example(judge, judge.catalog.get("rank-desc")) == "solve([1, 3, 2])"
    lru = example(judge, judge.catalog.get("lru-cache"))
    first = lru.splitlines()[0]
    assert first.startswith("lrucache = LRUCache(")
    res = run(judge, judge.catalog.get("lru-cache").reference_source(), lru, slug="lru-cache")
    assert res.rows and all(r.yours.status == "ok" for r in res.rows)


def test_meta_toml_can_give_the_example(tmp_path: Path) -> None:
    from mldrills.content.pack import load_exercise

    folder = tmp_path / "probe" / "rank-desc"
    shutil.copytree(PROBE, folder)
    meta = folder / "meta.toml"
    text = meta.read_text().replace("[limits]", 'console = "solve([3, 1])"\n\n[limits]')
    meta.write_text(text)
    assert example(None, load_exercise(folder)) == "solve([3, 1])"  # no judge needed
    meta.write_text(text.replace('"solve([3, 1])"', "3"))
    with pytest.raises(Exception, match="`console` must be text"):
        load_exercise(folder)


def test_the_pack_check_reads_the_meta_example(tmp_path: Path) -> None:
    from mldrills.content.pack import load_exercise
    from mldrills.grading.validate import console_problems

    folder = tmp_path / "probe" / "rank-desc"
    shutil.copytree(PROBE, folder)
    meta = folder / "meta.toml"
    original = meta.read_text()
    for example_text, problems in [
        ("solve([3, 1])", 0),
        ("# a note: nothing to run", 0),
        ("solve(__import__('os'))", 1),
    ]:
        meta.write_text(original.replace("[limits]", f"console = {example_text!r}\n\n[limits]"))
        found = console_problems(load_exercise(folder))
        assert len(found) == problems, found
        assert all("meta.toml: `console`" in p for p in found)
