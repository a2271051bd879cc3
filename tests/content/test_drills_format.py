"""The drill file format: loading, errors that name file and key, templates, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content.drill_gen import fill, format_value, generate, validate_drills
from mldrills.content.drills import DrillSet, load_drill
from mldrills.content.expr import ExprError
from mldrills.errors import NotFound, PackError

PACKS = Path(__file__).resolve().parents[2] / "packs"
SLUGS = {
    "kv-cache-bytes", "attention-score-memory", "gpt-param-count", "moe-capacity",
    "training-flops", "lora-param-count", "perplexity-from-nll", "split-gain-leaf-weight",
    "logistic-odds", "confusion-matrix-metrics", "ece-table", "ab-sample-size", "ucb-score",
    "beta-posterior-mean", "adam-mixed-precision-memory", "zero-stage-memory",
    "ring-allreduce-bytes", "pipeline-bubble", "psi-histograms", "serving-cost-month",
    "latency-percentiles", "padding-waste", "cost-savings-per-month",
}  # fmt: skip

GOOD = """
title = "Doubling"
area = "coding"
summary = "Twice a number."
difficulty = "easy"
question = "What is twice {{x}}?"

[params.x]
range = [1, 100]

[[steps]]
name = "twice"
expr = "2 * x"
text = "Twice: $2 \\\\times {{x}} = {{twice}}$."

[answer]
expr = "twice"
kind = "count"
tolerance = 0

[[mistakes]]
expr = "x"
hint = "You gave {{x}} back."
"""


def write(tmp_path: Path, text: str, slug: str = "doubling") -> Path:
    folder = tmp_path / "drills"
    folder.mkdir(exist_ok=True)
    path = folder / f"{slug}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_agreed_drills_exist_and_validate() -> None:
    assert set(DrillSet(PACKS).slugs) == SLUGS
    assert validate_drills(PACKS) == []


def test_same_seed_same_instance() -> None:
    drill = DrillSet(PACKS).get("kv-cache-bytes")
    first, again = generate(drill, 7), generate(drill, 7)
    assert first.params == again.params and first.question == again.question
    assert any(generate(drill, s).params != first.params for s in range(8, 20))


def test_a_minimal_drill_loads_and_renders(tmp_path: Path) -> None:
    drill = load_drill(write(tmp_path, GOOD))
    instance = generate(drill, 3)
    x = instance.params["x"]
    assert instance.answer == 2 * x
    assert instance.question == f"What is twice {x}?"
    assert instance.steps[0][2] == f"Twice: $2 \\times {x} = {2 * x}$."
    assert instance.mistakes == [(x, f"You gave {x} back.")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('area = "coding"', 'area = "cooking"'), "doubling.toml: area: must be one of"),
        (('kind = "count"', 'kind = "mass"'), "answer.kind: must be one of"),
        (("tolerance = 0", "tolerance = 2"), "answer.tolerance"),
        (('expr = "2 * x"', 'expr = "2 *"'), r"steps\[0\].expr: syntax error"),
        (('expr = "x"', 'expr = "x.real"'), r"mistakes\[0\].expr"),
        (("range = [1, 100]", "range = [100, 1]"), "params.x: range must be"),
        (("range = [1, 100]", 'choices = ["a"]'), "params.x.choices"),
        (('name = "twice"', 'name = "x"'), r"steps\[0\].name"),
        (('title = "Doubling"', 'title = ""'), "title: must be a non-empty string"),
        (('summary = "Twice a number."', 'colour = "red"'), "unknown keys"),
    ],
)
def test_broken_files_name_file_and_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(PackError, match=message):
        load_drill(write(tmp_path, GOOD.replace(old, new, 1)))


def test_bad_toml_is_a_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"doubling\.toml: file: cannot read it"):
        load_drill(write(tmp_path, "title = "))


def test_validator_reports_unknown_template_names(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("What is twice {{x}}?", "What is {{y}}?"))
    problems = validate_drills(tmp_path)
    assert len(problems) == 1 and "{{ y }}" in problems[0] and "doubling.toml" in problems[0]


def test_validator_reports_a_mistake_that_never_fires(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace('expr = "x"', 'expr = "x + x"'))
    assert "mistakes[0] equals the answer for 50 of 50 seeds" in validate_drills(tmp_path)[0]


def test_validator_reports_a_negative_size(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace('expr = "twice"', 'expr = "-twice"'))
    assert "should be positive" in validate_drills(tmp_path)[0]


def test_validator_reports_an_impossible_requirement(tmp_path: Path) -> None:
    write(tmp_path, 'require = ["x > 1000"]\n' + GOOD)
    assert "no parameters meet" in validate_drills(tmp_path)[0]


def test_validator_reports_a_broken_file_and_goes_on(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, "nonsense", slug="broken")
    problems = validate_drills(tmp_path)
    assert len(problems) == 1 and "broken.toml" in problems[0]


def test_unknown_drill_suggests_a_close_name() -> None:
    with pytest.raises(NotFound) as caught:
        DrillSet(PACKS).get("kv-cache-byte")
    assert caught.value.hint is not None and "kv-cache-bytes" in caught.value.hint


def test_formatting_in_text_and_in_math() -> None:
    assert format_value(1536 * 2**20, "GiB") == "1.5 GiB"
    assert format_value(1536 * 2**20, "GiB", math_mode=True) == "1.5\\,\\text{GiB}"
    assert format_value(4200, "$") == "\\$4,200"
    assert format_value(4200, "$", math_mode=True) == "\\$4{,}200"
    assert format_value(6.3e21, None, math_mode=True) == "6.3 \\times 10^{21}"
    assert format_value(0.125, ".0%", math_mode=True) == "12\\%"
    assert format_value([1, 2000], None) == "1, 2,000"
    assert format_value(2e9, "words") == "2 billion"


def test_fill_knows_math_from_text() -> None:
    values = {"n": 1234, "cost": 5.5}
    assert fill("{{n}} and ${{n}}$ and {{cost:$}}", values) == "1,234 and $1{,}234$ and \\$5.5"
    with pytest.raises(ExprError, match="not defined"):
        fill("{{missing}}", values)


def test_a_broken_drill_does_not_hide_the_others(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, "nonsense", slug="broken")
    drills = DrillSet(tmp_path)
    assert [d.slug for d in drills.all()] == ["doubling"]
    assert "broken.toml" in drills.broken["broken"]
    with pytest.raises(PackError):
        drills.get("broken")


VARIANTS = """
[[variants]]
name = "twice"
ask = "Twice it?"

[[variants]]
name = "thrice"
ask = "Three times it?"
expr = "3 * x"
text = "Thrice: {{answer}}."

[[variants.mistakes]]
expr = "2 * x"
hint = "That is twice."
"""


def test_variants_ask_different_questions(tmp_path: Path) -> None:
    text = GOOD.replace("What is twice {{x}}?", "Take {{x}}.") + VARIANTS
    drill = load_drill(write(tmp_path, text))
    seen = {}
    for seed in range(20):
        instance = generate(drill, seed)
        seen[instance.variant] = instance
    twice, thrice = seen["twice"], seen["thrice"]
    x = thrice.params["x"]
    assert thrice.question == f"Take {x}.\n\nThree times it?\n" and thrice.answer == 3 * x
    assert thrice.mistakes == [(2 * x, "That is twice.")]
    assert thrice.steps[-1] == ("answer", 3 * x, f"Thrice: {3 * x:,}.")
    assert twice.answer == 2 * twice.params["x"] and twice.mistakes[0][1].startswith("You gave")
    assert validate_drills(tmp_path) == []


def test_variant_errors_name_the_key(tmp_path: Path) -> None:
    broken = VARIANTS.replace('name = "thrice"', 'name = "twice"')
    with pytest.raises(PackError, match=r"variants\[1\]\.name"):
        load_drill(write(tmp_path, GOOD + broken))
    with pytest.raises(PackError, match=r"variants\[0\]: unknown keys"):
        load_drill(
            write(tmp_path, GOOD + VARIANTS.replace('ask = "Twice it?"', 'ask = "a"\ncolour = 1'))
        )
    with pytest.raises(PackError, match=r"params\.variant"):
        load_drill(write(tmp_path, GOOD.replace("[params.x]", "[params.variant]")))
