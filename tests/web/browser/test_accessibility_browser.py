"""Every page passes an axe-core audit (no serious or critical violation) in light and dark
mode, and the exercise page works from the keyboard alone.

axe-core is vendored under tests/web/browser/axe/ (web-assets/build.mjs copies it from npm),
so the audit needs no network. The app's CSP allows only its own scripts, so the audit's
browser context bypasses CSP to inject axe.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import LAPTOP, REPO, LiveServer

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
SOLUTION = (REPO / "packs" / "coding" / "merge-intervals" / "solution.py").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = [
    "",
    "exercises",
    "exercises?status=new&sort=-title",
    "exercises?status=due",
    "exercises/merge-intervals",
    "exercises/kmeans",
    "guides",
    "guides/transformers",
    "review",
    "drills",
    "drills/kv-cache-bytes",
    "design",
    "design/ads-ctr-prediction",
    "stories",
    "behavioral",
    "behavioral?prompt=reduced-cost",
    "mocks",
    "plan",
    "docs",
]


@pytest.fixture
def full_packs(tmp_path: Path) -> None:
    """The server of this test sees the project's guides, decks, drills and prompts too."""
    for name in ("syllabus.toml", "guides", "decks", "drills", "prompts", "behavioral"):
        source = REPO / "packs" / name
        target = tmp_path / "packs" / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)


@pytest.fixture
def audit_page(browser: Any) -> Iterator[Callable[[str], Any]]:
    contexts: list[Any] = []

    def make(scheme: str) -> Any:
        context = browser.new_context(viewport=LAPTOP, color_scheme=scheme, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield make
    for context in contexts:
        context.close()


def violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe violations of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    report = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    found: list[dict[str, Any]] = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "")[:300],
        }
        for v in report["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return found


def settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)  # CSS transitions and htmx settling


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(
    start_server: Callable[..., LiveServer],
    audit_page: Callable[[str], Any],
    full_packs: None,
    scheme: str,
) -> None:
    server = start_server()
    page = audit_page(scheme)
    problems: dict[str, Any] = {}
    # A failed then a passing submission: the result panel and the attempt page get audited.
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    page.evaluate(
        "code => window.mldrillsEditor.setValue(code)", "def merge_intervals(x):\n    return x\n"
    )
    page.click("#submit-btn")
    page.locator("#result .verdict-fail").wait_for(timeout=60_000)
    if found := violations(page):
        problems["exercise page, failing submission"] = found
    page.evaluate("code => window.mldrillsEditor.setValue(code)", SOLUTION)
    page.click("#submit-btn")
    page.locator("#result .verdict-pass").wait_for(timeout=60_000)
    if found := violations(page):
        problems["exercise page, passing submission"] = found
    attempt = page.locator("#history a[href^='/attempts/']").first.get_attribute("href")
    for path in [*PAGES, (attempt or "/").lstrip("/")]:
        page.goto(server.url + path)
        settle(page)
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (dark == "rgb(15, 18, 24)") == (scheme == "dark"), (path, dark)
        if found := violations(page):
            problems[path or "/"] = found
    assert not problems, json.dumps(problems, indent=1)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sign_in_and_admin_pages_pass_axe(
    start_server: Callable[..., LiveServer], audit_page: Callable[[str], Any], scheme: str
) -> None:
    server = start_server(multi_user=True)
    page = audit_page(scheme)
    problems: dict[str, Any] = {}
    page.goto(server.url + "login")
    settle(page)
    if found := violations(page):
        problems["login"] = found
    page.goto(server.setup_link())
    settle(page)
    if found := violations(page):
        problems["signup"] = found
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a long enough password")
    confirm = page.locator("input[name=confirm]")
    if confirm.count():
        confirm.fill("a long enough password")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "signup" not in url)
    page.goto(server.url + "admin")
    settle(page)
    if found := violations(page):
        problems["admin"] = found
    assert not problems, json.dumps(problems, indent=1)
