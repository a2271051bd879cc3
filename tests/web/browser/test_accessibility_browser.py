"""Every page passes an axe-core audit (no serious or critical violation) in light and dark
mode, at laptop and phone width, including the states a page reaches only by use: a revealed
solution, a revealed review card, a mock in progress and its report.

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
from conftest import LAPTOP, PHONE, REPO, LiveServer

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
def audit_page(browser: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def make(scheme: str, viewport: dict[str, int] = LAPTOP) -> Any:
        context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
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
    audit_page: Callable[..., Any],
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
    start_server: Callable[..., LiveServer], audit_page: Callable[..., Any], scheme: str
) -> None:
    server = start_server(multi_user=True)
    page = audit_page(scheme)
    problems: dict[str, Any] = {}
    page.goto(server.url + "login")
    settle(page)
    audit_both_widths(page, "login", problems)
    page.goto(server.setup_link())
    settle(page)
    audit_both_widths(page, "signup", problems)
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a long enough password")
    confirm = page.locator("input[name=confirm]")
    if confirm.count():
        confirm.fill("a long enough password")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "signup" not in url)
    page.goto(server.url + "admin")
    settle(page)
    audit_both_widths(page, "admin", problems)
    assert not problems, json.dumps(problems, indent=1)


PHONE_PAGES = [
    "",
    "exercises",
    "exercises/merge-intervals",
    "guides",
    "guides/transformers",
    "guides/llm",
    "review",
    "drills",
    "drills/kv-cache-bytes",
    "design",
    "design/ads-ctr-prediction",
    "stories",
    "behavioral?prompt=reduced-cost",
    "mocks",
    "plan",
    "docs",
]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_pass_axe_on_a_phone(
    start_server: Callable[..., LiveServer],
    audit_page: Callable[..., Any],
    full_packs: None,
    scheme: str,
) -> None:
    server = start_server()
    page = audit_page(scheme, PHONE)
    problems: dict[str, Any] = {}
    for path in PHONE_PAGES:
        page.goto(server.url + path)
        settle(page)
        assert page.viewport_size == PHONE
        if found := violations(page):
            problems[path or "/"] = found
    assert not problems, json.dumps(problems, indent=1)


def audit_both_widths(page: Any, label: str, problems: dict[str, Any]) -> None:
    """Audit the page as it is at laptop width, then at phone width, then back."""
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(150)
        if found := violations(page):
            problems[f"{label} ({name})"] = found
    page.set_viewport_size(LAPTOP)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_revealed_solutions_and_cards_pass_axe(
    start_server: Callable[..., LiveServer],
    audit_page: Callable[..., Any],
    full_packs: None,
    scheme: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLDRILLS_GRADER", "lexical")  # typed answers: no embedding model
    server = start_server()
    page = audit_page(scheme)
    problems: dict[str, Any] = {}

    # A failing test run, then give up: the page with its solution panel, the solution page.
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    page.click("#run-btn")
    page.locator("#result .verdict-fail").wait_for(timeout=60_000)
    audit_both_widths(page, "exercise page, failing test run", problems)
    page.locator("#giveup-btn").click()
    page.locator("#giveup-dialog").wait_for(state="visible")
    audit_both_widths(page, "give-up dialog", problems)
    page.locator("#giveup-confirm").click()
    page.locator("#solution-panel").wait_for()
    page.locator("#tab-mistakes").click()
    audit_both_widths(page, "exercise page after a give-up", problems)
    page.goto(server.url + "exercises/merge-intervals/solution")
    settle(page)
    assert page.locator("pre").count() >= 1, page.content()[:500]
    audit_both_widths(page, "solution page after a give-up", problems)

    # Solve another: its solution page after an accepted submission.
    page.goto(server.url + "exercises/kmeans")
    page.locator("#editor .cm-content").wait_for()
    kmeans = (REPO / "packs" / "coding" / "kmeans" / "solution.py").read_text()
    page.evaluate("code => window.mldrillsEditor.setValue(code)", kmeans)
    page.click("#submit-btn")
    page.locator("#result .verdict-pass").wait_for(timeout=120_000)
    page.locator("#solution-panel").wait_for()
    audit_both_widths(page, "exercise page, accepted submission", problems)
    attempt = page.locator("#history a[href^='/attempts/']").first.get_attribute("href")
    page.goto(server.url + (attempt or "/").lstrip("/"))
    settle(page)
    audit_both_widths(page, "attempt page", problems)
    page.goto(server.url + "exercises/kmeans/solution")
    settle(page)
    audit_both_widths(page, "solution page after a solve", problems)

    # A review card revealed without an answer, then one checked against a typed answer.
    page.goto(server.url + "review")
    settle(page)
    page.locator("#review-reveal").click()
    page.locator("#review-back").wait_for(state="visible")
    audit_both_widths(page, "review, revealed card", problems)
    page.locator(".rating-3").click()
    page.locator("#review-check").wait_for(state="visible")
    page.fill("#review-answer", "It normalises each example over its features.")
    page.locator("#review-check").click()
    page.locator("#review-grade").wait_for(state="visible")
    audit_both_widths(page, "review, checked answer", problems)

    # A screen mock in progress, then its report.
    page.goto(server.url + "mocks")
    page.fill("#mock-minutes-screen", "ml=1,coding=1")
    with page.expect_navigation():
        page.click("#mock-start-screen-btn")
    page.locator("#mock-round").wait_for()
    settle(page)
    audit_both_widths(page, "mock in progress", problems)
    for _ in range(4):  # the rounds of a screen mock; the coding one is judged
        if page.locator("#mock-report").count():
            break
        with page.expect_navigation(timeout=120_000):
            page.click("#mock-finish")
    page.locator("#mock-report").wait_for()
    settle(page)
    audit_both_widths(page, "mock report", problems)
    assert not problems, json.dumps(problems, indent=1)
