"""Fixtures for the browser tests: the served app, headless Debian chromium, one page per test.

The app is started once per test session (per xdist worker) with ``solara run app/app.py`` on a
free port; every test gets a fresh browser context (its own Solara session) and leaves a
screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOAD_TIMEOUT_MS = 90_000
STEP_TIMEOUT_MS = 90_000

if not CHROMIUM.exists():
    pytest.skip("browser tests need /usr/bin/chromium (make test installs it: apt-get install "
                "chromium)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

expect.set_options(timeout=30_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer on {url} within {timeout:.0f} s")


@contextlib.contextmanager
def served(app_file: str, name: str, extra_env: dict | None = None):
    """Serve a Solara app file on a free port; yield its URL (no trailing slash).

    At the end the server is stopped and its log checked: no front-end asset fetched from a
    CDN, no traceback.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    log = ARTIFACTS / f"solara-{name}-{port}.log"
    command = [sys.executable, "-m", "wijksim.app.serve", "run", app_file, "--host",
               "127.0.0.1", "--port", str(port),
               "--no-open", "--production", "--no-check-version"]
    env = {**os.environ, "MPLBACKEND": "Agg", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           **(extra_env or {})}
    with open(log, "w") as handle:
        process = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                   env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    text = log.read_text()
    assert "Could not load URL" not in text, "the app tried to load assets from a CDN"
    assert "Traceback" not in text, f"the app logged a traceback:\n{text[-3000:]}"


@pytest.fixture(scope="session")
def app_url():
    """Serve app/app.py on a free port for the whole session; check its log at the end."""
    with served("app/app.py", "app") as url:
        yield url + "/"


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium, shared by the tests of one worker."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_app(browser, app_url: str):
    """A new browser context (its own Solara session) with the app loaded at week 0."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100},
                                  accept_downloads=True)
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = context.new_page()
    page.goto(app_url)
    page.get_by_text("Week 0 of").wait_for(timeout=LOAD_TIMEOUT_MS)
    return context, page


@pytest.fixture
def page(browser, app_url, request):
    """One session of the app; a full-page screenshot is saved after the test."""
    context, page = open_app(browser, app_url)
    yield page
    save_screenshot(page, request.node.name)
    context.close()


def save_screenshot(page, name: str) -> None:
    """Save a screenshot of the whole app (it scrolls inside the page) to test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('*'), e => e.scrollHeight))")
    page.set_viewport_size({"width": 1600, "height": min(max(height, 1100), 6000)})
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# English words that have no place on a Dutch page (whole words, so that scenario file names
# such as generalist_teams.yaml do not count; "run", "seed", "scenario", "team" and "specialist"
# are Dutch too)
ENGLISH = re.compile(r"\b(the|and|with|per resident|week by week|Step|Play|Pause|Reset|"
                     r"Residents|Years|Compare|Policy|levers?|Life satisfaction|Unmet|need|"
                     r"Waiting|Carers?|overloaded|Download|Export|Replications|Who gains|"
                     r"Averages|outcome|group|cost|Upload|Paste|Section|All parameters|About|"
                     r"Things to|Try this|Language|share|hours?|from year|Dated changes|"
                     r"neighbourhood|Community centre|Budget cut|Mutual-aid|Buddy)\b")


def english_on(page) -> list[str]:
    """The English words (:data:`ENGLISH`) in the page's text and accessible names."""
    shown = page.evaluate("() => document.body.innerText")
    labels = page.evaluate("() => Array.from(document.querySelectorAll('[aria-label]'), "
                           "e => e.getAttribute('aria-label')).join('\\n')")
    return sorted({m.group(0) for m in ENGLISH.finditer(shown + "\n" + labels)})
