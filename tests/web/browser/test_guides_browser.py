"""Math in a real browser: guides and statements, display math inside lists, no KaTeX error.

One test drives the app (nav, guide list, a guide page, a statement with display math in a
list item); another typesets every real statement and guide in one page, the check issue 14
asked for: any KaTeX error element or raw ``$`` left in the text fails it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer

from mldrills.content import Catalog
from mldrills.content.guides import load_guide
from mldrills.content.syllabus import load_syllabus
from mldrills.web.markdown import render

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIXTURE = REPO / "tests" / "fixtures" / "knowledge_pack"
STATIC = REPO / "src" / "mldrills" / "web" / "static"


def assert_typeset(page: Any, scope: str) -> None:
    """Every formula in ``scope`` became KaTeX, none errored, no TeX delimiter is visible."""
    page.locator(f"{scope} .math .katex").first.wait_for()
    formulas = page.locator(f"{scope} .math").count()
    assert formulas > 0
    assert page.locator(f"{scope} .math[data-typeset]").count() == formulas
    assert page.locator(f"{scope} .math .katex").count() == formulas
    assert page.locator(f"{scope} .katex-error").count() == 0
    visible = page.locator(scope).inner_text()
    # A dollar sign before a figure is currency (written \$ in the source); any other is
    # a TeX delimiter left untypeset (an unrendered $x^2$ always has one not before a digit).
    assert not re.search(r"\$(?!\d)", visible), visible[:2000]


def test_guide_and_statement_math_in_the_app(
    start_server: Callable[..., LiveServer],
    new_page: Callable[..., Any],
    tmp_path: Path,
    shots: Path,
) -> None:
    packs = tmp_path / "packs"
    shutil.copytree(FIXTURE, packs, dirs_exist_ok=True)
    shutil.copytree(
        REPO / "packs" / "coding" / "bucket-batching", packs / "coding" / "bucket-batching"
    )
    server = start_server()
    page = new_page()
    page.goto(server.url)
    page.click("nav >> text=Guides")
    assert page.locator(".guide-item").count() == 10
    page.click(".guide-item[data-area=transformers] a.guide-title")
    page.wait_for_url("**/guides/transformers")
    assert_typeset(page, "#guide")
    # display math inside a list item, and inside a paragraph, typeset as display math
    assert page.locator("#guide li .math-display .katex-display").count() >= 1
    assert page.locator("#guide p .math-display .katex-display").count() >= 1
    page.screenshot(path=str(shots / "guide-laptop.png"), full_page=True)
    page.click("#guide a.content-exercise >> text=merge intervals")
    page.wait_for_url("**/exercises/merge-intervals")

    page.goto(server.url + "exercises/bucket-batching")
    assert_typeset(page, "#statement")
    assert page.locator("#statement li .katex-display").count() >= 1


def test_every_statement_and_guide_typesets(new_page: Callable[..., Any], tmp_path: Path) -> None:
    """All real statements and guides, rendered by the app's Markdown, typeset by KaTeX."""
    catalog = Catalog(REPO / "packs")
    parts = [render(ex.statement) for ex in catalog.all()]
    syllabus = load_syllabus(REPO / "packs")
    guides = [syllabus.path(a.guide) for a in syllabus.areas if syllabus.path(a.guide).is_file()]
    parts += [render(load_guide(path).body) for path in guides]
    page_file = tmp_path / "all.html"
    page_file.write_text(
        "<!doctype html><meta charset=utf-8>"
        f'<link rel="stylesheet" href="{(STATIC / "vendor/katex/katex.min.css").as_uri()}">'
        f'<div id="all" class="prose">{"".join(f"<article>{p}</article>" for p in parts)}</div>'
        f'<script src="{(STATIC / "vendor/katex/katex.min.js").as_uri()}"></script>'
        f'<script src="{(STATIC / "math.js").as_uri()}"></script>',
        encoding="utf-8",
    )
    page = new_page()
    page.goto(page_file.as_uri())
    errors = page.evaluate(
        """() => [...document.querySelectorAll('.katex-error')].map(e => e.title || e.textContent)"""
    )
    assert errors == [], json.dumps(errors[:10])
    assert page.locator("#all article").count() == len(parts) >= 75
    assert_typeset(page, "#all")
