"""The guide pages and their JSON: areas with counts, sections, math markup, resolved links."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mldrills.web.markdown import render

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge_pack"


@pytest.fixture
def packs_dir(packs_dir: Path) -> Path:
    """The web fixture packs plus a syllabus, ten guides, ten decks and a drill."""
    for item in FIXTURE.iterdir():
        if item.is_dir():
            shutil.copytree(item, packs_dir / item.name)
        else:
            shutil.copy(item, packs_dir / item.name)
    return packs_dir


def test_guides_list(client: TestClient) -> None:
    data = client.get("/api/guides").json()
    areas = data["areas"]
    assert [a["number"] for a in areas] == list(range(1, 11))
    linear = areas[3]
    assert linear["slug"] == "linear" and linear["href"] == "/guides/linear"
    assert (linear["exercise_count"], linear["card_count"], linear["drill_count"]) == (1, 1, 0)
    html = client.get("/guides").text
    assert "Topic guides" in html and 'href="/guides/transformers"' in html
    assert "1 drill" in html


def test_guide_page_sections_math_and_links(client: TestClient) -> None:
    r = client.get("/guides/transformers")
    assert r.status_code == 200
    html = r.text
    for anchor in ("what-the-interviewer-is-probing", "core-knowledge", "practice-items"):
        assert f'id="{anchor}"' in html
    assert '<span class="math math-display">A = \\mathrm{softmax}' in html
    assert '<span class="math">\\{a, b\\}</span>' in html
    assert "$" not in html.split('id="guide"')[1].split("</article>")[0]
    assert 'href="/exercises/merge-intervals" class="content-link content-exercise"' in html
    assert 'href="/guides/llm"' in html and 'href="/drills/kv-cache-bytes"' in html
    assert 'href="/review?area=transformers"' in html
    assert "math.js" in html and "katex.min.js" in html
    assert re.search(r'is-active"\s+aria-current="page">Guides', html)


def test_guide_json(client: TestClient) -> None:
    data = client.get("/api/guides/transformers").json()
    assert data["number"] == 1 and data["title"] == "Transformers and attention"
    assert len(data["sections"]) == 8 and data["sections"][1]["id"] == "core-knowledge"
    assert "math-display" in data["sections"][1]["html"]
    assert {"scheme": "drill", "target": "kv-cache-bytes"}.items() <= data["links"][-1].items()
    assert data["pivots"] == [
        {"slug": "llm", "title": data["pivots"][0]["title"], "href": "/guides/llm"}
    ]
    coding = client.get("/api/guides/coding").json()
    assert coding["practice"]["exercises"] == [
        {
            "slug": "merge-intervals",
            "title": "Merge intervals",
            "href": "/exercises/merge-intervals",
            "solved": False,
        }
    ]


def test_unknown_area_and_missing_guide(client: TestClient, packs_dir: Path) -> None:
    r = client.get("/api/guides/transformer")
    assert r.status_code == 404 and "did you mean transformers" in r.json()["hint"]
    (packs_dir / "guides" / "llm.md").unlink()
    r = client.get("/api/guides/llm")
    assert r.status_code == 404 and "has no guide yet" in r.json()["message"]
    assert client.get("/guides/llm").status_code == 404


def test_broken_guide_is_a_clear_error(client: TestClient, packs_dir: Path) -> None:
    guide = packs_dir / "guides" / "trees.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("## Pitfalls", "## Traps"))
    r = client.get("/api/guides/trees")
    assert r.status_code == 500 and "missing section(s) '## Pitfalls'" in r.json()["message"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a $x_1 * x_2$ b", '<span class="math">x_1 * x_2</span>'),
        ("- item\n  $$a < b$$\n- next", '<span class="math math-display">a &lt; b</span>'),
        ("text\n$$\n\\frac{1}{2}\n$$\nmore", '<span class="math math-display">\\frac{1}{2}</span>'),
        ("$$\nx\n$$\n", '<div class="math math-display">x</div>'),
        ("costs $5 and $6", "costs $5 and $6"),  # money is not math
        (
            "[k](exercise:kmeans)",
            '<a href="/exercises/kmeans" class="content-link content-exercise">k</a>',
        ),
        (
            "[c](card:llm/perplexity)",
            '<a href="/review?area=llm" class="content-link content-card">c</a>',
        ),
        ("[w](https://example.org)", '<a href="https://example.org">w</a>'),
    ],
)
def test_markdown_math_and_links(source: str, expected: str) -> None:
    assert expected in render(source)


def test_dashboard_shows_progress_by_area_and_due_cards(client: TestClient) -> None:
    knowledge = client.get("/api/dashboard").json()["knowledge"]
    assert knowledge["problem"] is None and knowledge["due_today"] == 0
    assert [a["area"] for a in knowledge["areas"]][:3] == ["transformers", "llm", "trees"]
    html = client.get("/").text
    assert "Progress by area" in html and 'id="stat-due"' in html
    assert 'data-area="transformers"' in html and "0/1 drills" in html
    assert 'href="/review?area=coding">0/1 cards' in html


REPO_PACKS = Path(__file__).resolve().parents[2] / "packs"


def _outside_math_and_code(html: str) -> str:
    html = re.sub(r'<(span|div) class="math[^"]*">.*?</\1>', "", html, flags=re.S)
    return re.sub(r"<pre.*?</pre>|<code>.*?</code>", "", html, flags=re.S)


def test_every_real_statement_and_guide_leaves_no_raw_dollar() -> None:
    """Issue 14: 18 of 75 statements left TeX to the page; every formula is marked now."""
    from mldrills.content import Catalog
    from mldrills.content.guides import load_guide

    texts = {ex.slug: ex.statement for ex in Catalog(REPO_PACKS).all()}
    texts |= {p.stem: load_guide(p).body for p in sorted((REPO_PACKS / "guides").glob("*.md"))}
    assert len(texts) >= 75
    # A dollar before a figure is currency (\$ in the source); any other is leftover TeX.
    leftover = {
        name: text
        for name, text in texts.items()
        if re.search(r"\$(?!\d)", _outside_math_and_code(render(text)))
    }
    assert sorted(leftover) == []
