"""Offline for real (issue 13, item 9): the pages ask for nothing the app does not serve.

Watched in the browser, not in the server log: every request the page makes, every failed
request, every response with an error status and every console error, while the page is used
(opened, a scenario picked, teaching text in Markdown opened, weeks run, comparison on, the
workshop's start page opened). Workshop venues and municipal networks may have no internet.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.web.conftest import LOAD_TIMEOUT_MS, STEP_TIMEOUT_MS

pytestmark = pytest.mark.browser


class Watch:
    """Everything that went wrong or left the app's own address, seen from the page."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.problems.append(
            f"failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))

    def _request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob"):
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.problems.append(f"off-app request: {request.url}")


def origin(url: str) -> str:
    """The scheme and host:port of ``url``."""
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def test_the_app_asks_for_nothing_it_does_not_serve(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = context.new_page()
    watch = Watch(page, origin(app_url))
    try:
        page.goto(app_url)
        page.get_by_text("Week 0 of").wait_for()
        page.locator(".scenario-select-A").click()
        page.get_by_role("option", name="austerity.yaml").click()
        page.get_by_text("About: Budget cuts from year 2").click()
        expect(page.get_by_text("What is it?")).to_be_visible()
        page.locator(".run-weeks").click()
        expect(page.locator(".week-counter")).to_contain_text("Week 10 of",
                                                              timeout=STEP_TIMEOUT_MS)
        page.locator(".compare-switch").click()
        expect(page.locator(".side-card-B")).to_be_visible()
        page.wait_for_timeout(2000)  # late requests (fonts, icons) after the last redraw
    finally:
        context.close()
    assert watch.problems == [], "\n".join(watch.problems)

