"""Text colours in app.css meet WCAG AA contrast (4.5:1) on every background they sit on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "src" / "mldrills" / "web" / "static" / "app.css"
AA_NORMAL_TEXT = 4.5
# Backgrounds that text may sit on: the page, cards, bars, and the tinted verdict/badge panels.
BACKGROUNDS = (
    "--bg",
    "--surface",
    "--surface-2",
    "--accent-soft",
    "--pass-soft",
    "--fail-soft",
    "--error-soft",
    "--pending-soft",
)


def root_colours() -> dict[str, str]:
    """The hex colour tokens declared in the stylesheet's :root block."""
    root = re.search(r":root\s*\{(.*?)\}", CSS.read_text(encoding="utf-8"), re.S)
    assert root, "app.css has no :root block"
    found = re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;", root.group(1))
    return dict(found)


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB hex colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_on_known_pairs() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#8a93a3", "#f5f6f8") < AA_NORMAL_TEXT  # the old muted grey failed


@pytest.mark.parametrize("text", ["--text", "--muted", "--faint"])
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_text_colours_meet_aa(text: str, background: str) -> None:
    colours = root_colours()
    ratio = contrast(colours[text], colours[background])
    assert ratio >= AA_NORMAL_TEXT, f"{text} on {background}: {ratio:.2f}:1"


def test_every_background_a_faint_rule_sets_is_checked() -> None:
    """A rule using the faint colour on its own background must use a checked background."""
    css = CSS.read_text(encoding="utf-8")
    for rule in re.findall(r"[^{}]+\{[^{}]*color:\s*var\(--faint\)[^{}]*\}", css):
        for bg in re.findall(r"background(?:-color)?:\s*var\((--[\w-]+)\)", rule):
            assert bg in BACKGROUNDS, rule.strip()


def dark_blocks() -> list[dict[str, str]]:
    """The dark tokens: the prefers-color-scheme block and the data-theme="dark" block."""
    css = CSS.read_text(encoding="utf-8")
    system = re.search(r':root:not\(\[data-theme="light"\]\)\s*\{(.*?)\}', css, re.S)
    chosen = re.search(r':root\[data-theme="dark"\]\s*\{(.*?)\}', css, re.S)
    assert system and chosen, "app.css lacks one of its two dark blocks"
    pattern = r"(--[\w-]+)\s*:\s*([^;]+);"
    return [dict(re.findall(pattern, block.group(1))) for block in (system, chosen)]


def test_both_dark_blocks_are_the_same() -> None:
    system, chosen = dark_blocks()
    assert system == chosen
    assert set(root_colours()) - set(chosen) == set(), "a light token has no dark value"


# Text tokens and the backgrounds each sits on, for the pairs beyond text/muted/faint.
PAIRS = [
    *[(text, bg) for text in ("--text", "--muted", "--faint", "--accent") for bg in BACKGROUNDS],
    *[("--on-accent", bg) for bg in ("--accent", "--pass", "--fail", "--error", "--pending")],
    ("--fail-text", "--fail-soft"),
    ("--pass-text", "--pass-soft"),
    ("--accent-text", "--accent-soft"),
    *[(f"--{c}-fg", f"--{c}-bg") for c in ("easy", "medium", "hard", "torch")],
    *[(f"--hl-{k}", "--code-bg") for k in ("k", "nf", "s", "m", "c", "nb", "o")],
    *[(f"--star-{k}", "--surface-2") for k in ("s", "t", "a", "r")],
]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_dark_colours_meet_aa(text: str, background: str) -> None:
    colours = dark_blocks()[1]
    ratio = contrast(colours[text].strip(), colours[background].strip())
    assert ratio >= AA_NORMAL_TEXT, f"dark {text} on {background}: {ratio:.2f}:1"
