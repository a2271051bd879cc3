"""Grading drill answers: verdicts, mistake hints, unit slips, recording, plain text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mldrills.content.drill_gen import Instance
from mldrills.content.drills import DrillSet
from mldrills.content.units import show
from mldrills.errors import InvalidInput, NotFound
from mldrills.practice.drills import check, describe, pick, record, solution, to_text
from mldrills.store import Store

PACKS = Path(__file__).resolve().parents[2] / "packs"
GIB = 2**30


@pytest.fixture(scope="module")
def drills() -> DrillSet:
    return DrillSet(PACKS)


@pytest.fixture
def kv(drills: DrillSet) -> Instance:
    """Seed 4184: 64 layers, 16 KV heads of 64, 32 x 16,384 tokens, 2 bytes: 128 GiB."""
    instance = pick(drills, slug="kv-cache-bytes", seed=4184)
    assert instance.answer == 128 * GIB
    return instance


@pytest.mark.parametrize(
    "answer", ["128 GiB", "128", "131072 MiB", "137.4 GB", "137438953472", "1.374e11 B", "130 GiB"]
)
def test_correct_answers_in_any_unit(kv: Instance, answer: str) -> None:
    feedback = check(kv, answer)
    assert feedback.verdict == "correct", feedback
    assert feedback.hint is None and feedback.expected_text == "128 GiB"


def test_drill_mistake_gets_its_hint(kv: Instance) -> None:
    feedback = check(kv, "64 GiB")
    assert feedback.verdict == "mistake" and feedback.mistake == "mistakes[0]"
    assert feedback.hint is not None and "keys **and** values" in feedback.hint
    gqa = check(kv, f"{128 * 40 / 16} GiB")
    assert gqa.verdict == "mistake" and gqa.hint is not None and "query heads" in gqa.hint


def test_gb_for_gib_is_a_unit_mistake(kv: Instance) -> None:
    feedback = check(kv, "128 GB")
    assert feedback.verdict == "mistake" and feedback.mistake == "unit"
    assert feedback.hint is not None and "GiB" in feedback.hint and "GB" in feedback.hint


def test_decimal_number_given_as_gib_is_a_unit_mistake(kv: Instance) -> None:
    feedback = check(kv, "137.4 GiB")
    assert feedback.verdict == "mistake" and feedback.mistake == "unit"
    assert feedback.hint is not None and "powers of 1000" in feedback.hint


def test_gigabits_for_gigabytes_is_a_unit_mistake(kv: Instance) -> None:
    feedback = check(kv, "137.4 Gb")
    assert feedback.verdict == "mistake" and feedback.hint is not None and "bits" in feedback.hint


def test_close_and_wrong(kv: Instance) -> None:
    assert check(kv, "134 GiB").verdict == "close"
    wrong = check(kv, "300 GiB")
    assert wrong.verdict == "wrong" and wrong.hint is None and wrong.relative_error > 1


def test_other_kind_of_unit_is_an_error(kv: Instance) -> None:
    with pytest.raises(InvalidInput, match="ms measures a duration") as caught:
        check(kv, "45 ms")
    assert caught.value.hint is not None and "GiB" in caught.value.hint
    with pytest.raises(InvalidInput, match="not a number"):
        check(kv, "lots")
    with pytest.raises(InvalidInput, match="at most"):
        check(kv, "1" * 500)


def test_ratio_answers(drills: DrillSet) -> None:
    instance = pick(drills, slug="pipeline-bubble", seed=1)  # p = 16, m = 4: 15/19
    assert check(instance, "78.95%").verdict == "correct"
    assert check(instance, "0.7895").verdict == "correct"
    bare_percent = check(instance, "78.95")
    assert bare_percent.verdict == "mistake" and bare_percent.mistake == "unit"
    assert check(instance, f"{15 / 4:.4f}").mistake == "mistakes[0]"


def test_exact_drills_accept_only_the_integer(drills: DrillSet) -> None:
    instance = pick(drills, slug="moe-capacity", seed=1)
    answer = int(instance.answer)
    assert check(instance, str(answer)).verdict == "correct"
    assert check(instance, str(answer + 1)).verdict in ("close", "wrong", "mistake")


def test_pick_by_area_and_errors(drills: DrillSet) -> None:
    rng = random.Random(0)
    for _ in range(5):
        assert pick(drills, area="distributed", rng=rng).drill.area == "distributed"
    with pytest.raises(NotFound, match="no area named"):
        pick(drills, area="astrology")
    with pytest.raises(InvalidInput, match="belongs to area"):
        pick(drills, area="llm", slug="kv-cache-bytes")
    with pytest.raises(InvalidInput, match="seed"):
        pick(drills, slug="kv-cache-bytes", seed=-1)


def test_question_side_hides_the_answer(kv: Instance) -> None:
    shown = describe(kv)
    assert shown["tolerance_text"] == "within 2%" and shown["unit"] == "GiB"
    assert "128" not in str({k: v for k, v in shown.items() if k != "params"})
    steps = solution(kv)["steps"]
    assert steps[-1]["name"] == "answer" and "137{,}438{,}953{,}472" in steps[2]["text"]


def test_to_text_reads_without_tex(kv: Instance) -> None:
    text = to_text(solution(kv)["steps"][2]["text"])
    assert "262,144 × 16,384 × 32 = 137,438,953,472 bytes" in text
    assert "$" not in text and "\\" not in text
    assert to_text(r"$\frac{a}{b} = \$4{,}200$ and 12\%") == "a/b = $4,200 and 12%"
    assert to_text(r"$\sum_i \frac{n_b}{N} |a - c|$, $\tfrac12$, $\bar{x}$") == (
        "sum_i n_b/N |a - c|, 1/2, x\u0304"
    )


def test_record_keeps_the_attempt(tmp_path: Path, kv: Instance) -> None:
    with Store(f"sqlite:///{tmp_path / 'd.db'}") as store:
        store.migrate()
        user = store.local_user()
        feedback = check(kv, "64 GiB")
        attempt = record(store, user.id, kv, "64 GiB", feedback, 12.5)
        assert attempt.verdict == "mistake" and attempt.mistake == "mistakes[0]"
        assert (
            attempt.params == kv.params and attempt.seed == 4184 and attempt.area == "transformers"
        )
        assert attempt.value == 64 * GIB and attempt.time_spent_s == 12.5


@pytest.mark.parametrize("slug", DrillSet(PACKS).slugs)
def test_shown_answers_and_mistakes_grade_as_intended(drills: DrillSet, slug: str) -> None:
    """The answer as the app writes it is correct; each mistake's value gets a mistake verdict."""
    drill = drills.get(slug)
    for seed in range(10):
        instance = pick(drills, slug=slug, seed=seed)
        assert check(instance, instance.answer_text).verdict == "correct", (
            seed,
            instance.answer_text,
        )
        for value, _hint in instance.mistakes:
            text = show(value, drill.answer.unit)
            verdict = check(instance, text).verdict
            assert verdict in ("mistake", "correct"), (seed, text, verdict)
