"""The exercise page and the review page used with Tab, Shift+Tab and Enter alone.

Each walk presses Tab through the whole page and back to its first control. It fails when a
visible control is never reached, when focus is on something with no visible focus mark,
or when focus stays stuck (a trap). Actions are taken by Enter on the focused button only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DECKS = REPO / "tests" / "fixtures" / "review_packs" / "decks"

# Number every control a keyboard user should be able to reach (visible, enabled, not
# taken out of the tab order) so the walk can tell which ones it met.
MARK_CONTROLS = """() => {
  const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
    "[tabindex], [contenteditable=true]";
  let n = 0;
  for (const el of document.querySelectorAll("[data-kb]")) el.removeAttribute("data-kb");
  for (const el of document.querySelectorAll(sel)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (el.disabled || el.tabIndex < 0 || box.width === 0 || box.height === 0) continue;
    if (style.visibility === "hidden" || el.closest("[hidden], [inert]")) continue;
    if (el.closest("details:not([open])") && el.tagName !== "SUMMARY") continue;
    el.dataset.kb = String(n++);
  }
  return n;
}"""

# What has the focus now, and whether the focus can be seen on it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const editor = el.closest(".cm-editor");
  // The editor's frame carries the focus ring, not its content.
  const frame = editor && getComputedStyle(editor);
  const editorMark = !!frame && frame.outlineStyle !== "none" && parseFloat(frame.outlineWidth) > 0;
  return {
    kb: el.dataset.kb ?? null,
    name: el.id || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 30) ||
      el.tagName,
    visible: ring || !!shadow || editorMark,
    editor: !!editor,
  };
}"""


def walk(page: Any, *, limit: int = 300) -> list[dict[str, Any]]:
    """Tab from where the focus is until it comes back to the first control it met."""
    total = page.evaluate(MARK_CONTROLS)
    assert total > 0
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    seen: list[dict[str, Any]] = []
    first: str | None = None
    stuck = 0
    for _ in range(limit):
        if seen and seen[-1]["editor"]:
            page.keyboard.press("Escape")  # inside the editor Tab indents; Esc then Tab leaves
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is not None and now["editor"] and not now["visible"]:
            # CodeMirror marks its frame focused on the next frame, not at once.
            page.wait_for_timeout(100)
            now = page.evaluate(FOCUSED)
        if now is None:  # past the last control the focus leaves the page, then comes back
            continue
        if seen and now["kb"] == seen[-1]["kb"] and now["name"] == seen[-1]["name"]:
            stuck += 1
            assert stuck < 3, f"focus is trapped on {now['name']}"
            continue
        stuck = 0
        if first is not None and now["kb"] == first:
            break
        first = first if first is not None else now["kb"]
        seen.append(now)
    else:
        raise AssertionError(f"Tab never came back to the first control: {seen[-10:]}")
    unseen = page.evaluate(
        """seen => [...document.querySelectorAll('[data-kb]')]
             .filter(el => !seen.includes(el.dataset.kb))
             .map(el => el.id || el.getAttribute('aria-label') || el.outerHTML.slice(0, 80))""",
        [s["kb"] for s in seen if s["kb"] is not None],
    )
    assert not unseen, f"never reached by Tab: {unseen}"
    hidden_focus = [s["name"] for s in seen if not s["visible"]]
    assert not hidden_focus, f"focus not visible on: {hidden_focus}"
    # The walk is a cycle; report it from the top of the page (the skip link) on.
    top = next((i for i, s in enumerate(seen) if s["name"] == "Skip to content"), 0)
    return seen[top:] + seen[:top]


def tab_to(page: Any, selector: str, *, limit: int = 120, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
        if page.evaluate("!!document.activeElement?.closest('.cm-editor')"):
            page.keyboard.press("Escape")
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def names(seen: list[dict[str, Any]]) -> list[str]:
    return [str(s["name"]) for s in seen]


def test_exercise_page_by_tab_and_enter(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    page.wait_for_load_state("networkidle")
    order = names(walk(page))
    assert order[0] == "Skip to content"
    for control in ("theme-select", "run-btn", "submit-btn", "Editor settings", "hint-btn"):
        assert control in order, order
    assert "giveup-btn" in order and order.index("hint-btn") < order.index("giveup-btn")
    assert order.index("run-btn") < order.index("submit-btn")

    # Skip link: Enter moves the focus past the navigation.
    tab_to(page, "a.skip", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'")

    # Run the visible tests from the Run button.
    tab_to(page, "#run-btn")
    page.keyboard.press("Enter")
    page.locator("#result .verdict-fail, #result .verdict-pass").first.wait_for(timeout=60_000)

    # A hint, then give up through the confirmation dialog, all by Enter.
    tab_to(page, "#hint-btn")
    page.keyboard.press("Enter")
    page.locator("#hint-list .hint").first.wait_for()
    tab_to(page, "#giveup-btn")
    page.keyboard.press("Enter")
    page.locator("#giveup-dialog").wait_for(state="visible")
    assert page.evaluate("!!document.activeElement.closest('#giveup-dialog')")  # focus moved in
    tab_to(page, "#giveup-confirm", limit=10)
    page.keyboard.press("Enter")
    page.locator("#solution-panel").wait_for()

    # The page with its solution panel is walked again: the tabs are reachable too.
    order = names(walk(page))
    assert any("tab-" in n for n in order), order
    page.keyboard.press("Shift+Tab")  # and backwards works from anywhere
    assert page.evaluate("document.activeElement !== document.body")


def test_review_page_by_tab_and_enter(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    shutil.copytree(DECKS, tmp_path / "packs" / "decks")
    server = start_server()
    page = new_page()
    page.goto(server.url + "review")
    page.locator("#review-question").wait_for()
    page.wait_for_load_state("networkidle")
    order = names(walk(page))
    assert order[0] == "Skip to content"
    for control in ("review-answer", "review-check", "review-reveal"):
        assert control in order, order
    assert order.index("review-answer") < order.index("review-check")
    first_question = page.inner_text("#review-question")

    # Type an answer, check it with Enter on the button, rate it with Enter on a rating.
    tab_to(page, "#review-answer")
    page.keyboard.type("LayerNorm normalises each token over its features, not the batch.")
    tab_to(page, "#review-check")
    page.keyboard.press("Enter")
    page.locator("#review-back").wait_for(state="visible")
    order = names(walk(page))  # the revealed card: every rating is reachable
    ratings = [n for n in order if n.startswith(("Again", "Hard", "Good", "Easy"))]
    assert len(ratings) == 4, order
    tab_to(page, "[data-rating='3']")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "q => document.querySelector('#review-question').innerText !== q", arg=first_question
    )
    assert page.locator("#review-back").is_hidden()

    # Reveal the next card with Enter on Reveal; the focus is still on the page.
    tab_to(page, "#review-reveal")
    page.keyboard.press("Enter")
    page.locator("#review-back").wait_for(state="visible")
    assert page.evaluate("document.activeElement !== document.body")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement !== document.body")
