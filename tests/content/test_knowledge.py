"""The syllabus, guide and link validators, over a small fixture pack and broken copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mldrills.content.guides import SECTION_TITLES, load_guide, parse_guide, parse_link
from mldrills.content.knowledge import validate_knowledge
from mldrills.content.syllabus import load_syllabus, validate_syllabus
from mldrills.errors import NotFound, PackError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge_pack"
META = """title = "{title}"
topic = {topic}
difficulty = "easy"
time_minutes = 10
entrypoints = ["f"]
"""


def add_exercise(root: Path, folder: str, slug: str, topic: int) -> None:
    """An exercise folder complete enough to load (nothing here runs it)."""
    path = root / folder / slug
    path.mkdir(parents=True)
    (path / "meta.toml").write_text(META.format(title=slug, topic=topic), encoding="utf-8")
    for name in ("README.md", "starter.py", "solution.py", "tests.py", "hidden.py"):
        (path / name).write_text("def f():\n    pass\n", encoding="utf-8")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "packs"
    shutil.copytree(FIXTURE, root)
    add_exercise(root, "linear", "dot-product", 4)
    add_exercise(root, "coding", "merge-intervals", 9)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_pack_is_valid(pack: Path) -> None:
    assert validate_knowledge(pack) == []


def test_syllabus_model(pack: Path) -> None:
    syllabus = load_syllabus(pack)
    assert syllabus.slugs[:3] == ["transformers", "llm", "trees"]
    assert syllabus.area("linear").number == 4
    assert syllabus.by_number(9) is syllabus.area("coding")
    assert syllabus.area_of_exercise("merge-intervals") is syllabus.area("coding")
    assert syllabus.guide_path("llm") == pack / "guides" / "llm.md"
    with pytest.raises(NotFound, match="no syllabus area named 'trasformers'") as info:
        syllabus.area("trasformers")
    assert info.value.hint == "did you mean transformers?"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("number = 2\n", "number = 12\n", "numbered 1, 2, 3"),
        ('slug = "llm"', 'slug = "transformers"', "two areas have slug 'transformers'"),
        ('slug = "llm"', 'slug = "LLM"', "must be a lowercase-hyphen slug"),
        ('summary = "Test area 3."', 'summary = "Test area 3."\ncolour = "red"', "unknown key"),
        ('summary = "Test area 3."\n', "", "missing key(s) summary"),
        ('guide = "guides/llm.md"', 'guide = "../llm.md"', "inside the packs folder"),
        ('prompts = []\npivots = ["llm"]', 'prompts = "x"\npivots = ["llm"]', "list of slugs"),
        ('drills = ["kv-cache-bytes"]', 'drills = ["a", "a"]', "names a twice"),
        ("[[area]]", "[area", "cannot read the syllabus"),
    ],
)
def test_syllabus_structure_errors(pack: Path, old: str, new: str, message: str) -> None:
    edit(pack / "syllabus.toml", old, new)
    with pytest.raises(PackError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_syllabus(pack)


def test_missing_syllabus_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="the syllabus is missing"):
        load_syllabus(tmp_path)
    assert "the syllabus is missing" in validate_knowledge(tmp_path)[0]


def test_syllabus_gaps_are_listed(pack: Path) -> None:
    syllabus = pack / "syllabus.toml"
    edit(syllabus, 'exercises = ["dot-product"]', 'exercises = ["dot-product", "ghost"]')
    edit(syllabus, 'exercises = ["merge-intervals"]', "exercises = []")
    edit(syllabus, 'drills = ["kv-cache-bytes"]', 'drills = ["kv-cache-bytes", "no-such-drill"]')
    edit(syllabus, 'pivots = ["trees"]', 'pivots = ["llm"]')  # area 2 pivots to itself
    (pack / "guides" / "pipelines.md").unlink()
    (pack / "decks" / "extra.toml").write_text('area = "extra"\n', encoding="utf-8")
    problems = "\n".join(validate_knowledge(pack))
    assert "no exercise named 'ghost'" in problems
    assert "exercise 'merge-intervals' belongs to no area" in problems
    assert "drill file drills/no-such-drill.toml does not exist" in problems
    assert "pivot 'llm' is not another area" in problems
    assert "guide file guides/pipelines.md does not exist" in problems
    assert "decks/extra.toml is named by no area" in problems


def test_exercise_topic_must_match_its_area(pack: Path) -> None:
    edit(pack / "linear" / "dot-product" / "meta.toml", "topic = 4", "topic = 5")
    problems = validate_syllabus(load_syllabus(pack), {"dot-product": 5, "merge-intervals": 9})
    assert problems == [
        f"{pack / 'syllabus.toml'} area 'linear': exercise 'dot-product' has topic 5 in its "
        "meta.toml, but area 'linear' is number 4"
    ]


def test_exercise_in_two_areas(pack: Path) -> None:
    edit(pack / "syllabus.toml", 'exercises = ["merge-intervals"]', 'exercises = ["dot-product"]')
    problems = "\n".join(validate_knowledge(pack))
    assert "exercise 'dot-product' is already in area 'linear'" in problems


def test_area_titles_agree_with_exercise_topics(pack: Path) -> None:
    edit(pack / "syllabus.toml", 'title = "Gradient-boosted trees"', 'title = "Forests"')
    problems = validate_knowledge(pack)
    assert any("area 3 is titled 'Forests'" in p for p in problems)


def test_guide_sections_and_links(pack: Path) -> None:
    guide = load_guide(pack / "guides" / "transformers.md", "transformers")
    assert [s.title for s in guide.sections] == list(SECTION_TITLES)
    assert guide.sections[0].body.startswith("Whether you can say")
    refs = [k.ref for k in guide.links]
    assert "exercise:merge-intervals" in refs and "drill:kv-cache-bytes" in refs
    card = next(k for k in guide.links if k.scheme == "card")
    assert (card.target, card.text, card.line) == ("transformers/first-card", "the card", 33)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("## Pitfalls", "## Traps", "missing section(s) '## Pitfalls' (found '## Traps')"),
        ("## Pitfalls\n", "", "missing section(s) '## Pitfalls'"),
        ("## A second angle", "## A Second Angle", "missing section(s) '## A second angle'"),
        ("## Pitfalls\n\nA pitfall.\n", "## Pitfalls\n\n", "section '## Pitfalls' is empty"),
        ("---\narea", "area", "must start with YAML front matter"),
        ("summary: A test", "summary: [a, test", "invalid YAML front matter"),
        ("summary: A test guide for area 3.\n", "", "front matter needs a non-empty 'summary'"),
        ("area: trees", "area: trees\nauthor: me", "unknown front matter key(s) author"),
        ("area: trees", "area: linear", "front matter says area 'linear', expected 'trees'"),
        ("(guide:linear)", "(guide:Linear)", "malformed link target guide:Linear"),
    ],
)
def test_guide_errors(pack: Path, old: str, new: str, message: str) -> None:
    path = pack / "guides" / "trees.md"
    edit(path, old, new)
    with pytest.raises(PackError) as info:
        load_guide(path, "trees")
    assert message in str(info.value)
    assert any(message in p for p in validate_knowledge(pack))


def test_sections_out_of_order_and_twice() -> None:
    titles = list(SECTION_TITLES)
    swapped = [titles[1], titles[0], *titles[2:]]
    text = "---\narea: a\ntitle: T\nsummary: S\n---\n" + "".join(
        f"## {t}\n\nText.\n\n" for t in swapped
    )
    with pytest.raises(PackError, match="out of order"):
        parse_guide(text, Path("a.md"))
    doubled = text.replace("## Pitfalls\n\nText.\n\n", "## Pitfalls\n\nText.\n\n" * 2)
    with pytest.raises(PackError, match="appear twice"):
        parse_guide(doubled, Path("a.md"))


def test_headings_in_code_blocks_are_not_sections(pack: Path) -> None:
    edit(pack / "guides" / "trees.md", "An example.", "```\n## Pitfalls\n```")
    assert len(load_guide(pack / "guides" / "trees.md").sections) == 8


def test_broken_links_are_reported(pack: Path) -> None:
    path = pack / "guides" / "transformers.md"
    edit(path, "(exercise:merge-intervals)", "(exercise:merge-interval)")
    edit(path, "(card:transformers/first-card)", "(card:transformers/second-card)")
    edit(path, "(guide:llm)", "(guide:nope)")
    edit(path, "[dot product](exercise:dot-product)", "[a prompt](prompt:story)")
    problems = [p for p in validate_knowledge(pack) if "transformers.md" in p]
    assert [p.split(": link ")[1] for p in problems] == [
        "[the card](card:transformers/second-card) names no card",
        "[LLMs](guide:nope) names no guide",
        "[merge intervals](exercise:merge-interval) names no exercise",
        "[a prompt](prompt:story) names no prompt",
    ]


def test_deck_problems_come_through_the_hook(pack: Path) -> None:
    edit(pack / "decks" / "llm.toml", 'difficulty = "easy"', 'difficulty = "trivial"')
    problems = validate_knowledge(pack)
    assert any("llm.toml" in p and "difficulty 'trivial'" in p for p in problems)


@pytest.mark.parametrize(
    ("url", "parsed"),
    [
        ("exercise:kmeans", ("exercise", "kmeans")),
        ("card:linear/logistic-loss", ("card", "linear/logistic-loss")),
        ("https://example.org", None),
        ("#core-knowledge", None),
        ("mailto:x@example.org", None),
    ],
)
def test_parse_link(url: str, parsed: tuple[str, str] | None) -> None:
    assert parse_link(url) == parsed
