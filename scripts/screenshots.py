"""Regenerate the exercise-page screenshots in docs/img/ (light and dark, failing and passing).

    python scripts/screenshots.py            # writes docs/img/exercise-*.png
    python scripts/screenshots.py --out DIR

Starts the web app on a free loopback port with a throw-away data directory and the
merge-intervals pack, drives Debian's Chromium (/usr/bin/chromium) with Playwright, submits
a wrong and then a correct solution, and screenshots the page at 1366x850 after each.
Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SLUG = "merge-intervals"
WRONG = '''def merge_intervals(intervals):
    """Sort, then merge overlapping intervals."""
    out = []
    for start, end in sorted(intervals):
        if out and start < out[-1][1]:  # touching intervals stay apart: a bug
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The app on a free port, with its own data directory and one exercise pack."""
    packs = workdir / "packs"
    shutil.copytree(REPO / "packs" / "coding" / SLUG, packs / "coding" / SLUG)
    port = free_port()
    env = {
        **os.environ,
        "MLDRILLS_DATA_DIR": str(workdir / "data"),
        "MLDRILLS_PACKS_DIR": str(packs),
    }
    env.pop("MLDRILLS_DATABASE_URL", None)
    code = (
        "from mldrills.web.server import run; "
        f"run(host='127.0.0.1', port={port}, allow_unsandboxed=True)"
    )
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit((workdir / "server.log").read_text())
        try:
            with urllib.request.urlopen(url + "healthz", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def submit(page: Any, code: str, verdict: str) -> None:
    page.evaluate("code => window.mldrillsEditor.setValue(code)", code)
    page.click("#submit-btn")
    page.locator(f"#result .verdict-{verdict}").wait_for(timeout=120_000)
    page.wait_for_timeout(300)  # let the result panel settle


def shoot(browser: Any, url: str, scheme: str, out: Path) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 850}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url + f"exercises/{SLUG}")
    page.locator("#editor .cm-content").wait_for()
    submit(page, WRONG, "fail")
    page.screenshot(path=str(out / f"exercise-{scheme}-fail.png"))
    submit(page, (REPO / "packs" / "coding" / SLUG / "solution.py").read_text(), "pass")
    page.screenshot(path=str(out / f"exercise-{scheme}-pass.png"))
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
        )
        for scheme in ("light", "dark"):
            # A fresh server per scheme, so the failing shot shows an unsolved exercise.
            with tempfile.TemporaryDirectory(prefix="mldrills-shots-") as tmp:
                proc, url = start_server(Path(tmp))
                try:
                    shoot(browser, url, scheme, args.out)
                finally:
                    proc.terminate()
                    proc.wait(timeout=15)
        browser.close()
    for path in sorted(args.out.glob("exercise-*.png")):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


if __name__ == "__main__":
    main()
