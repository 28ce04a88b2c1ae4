"""The what-if app's response times in a real browser (Debian chromium), at 5,000 residents.

Usage::

    python benchmarks/bench_app_browser.py [--tree CHECKOUT] [--times 8] [--residents 5000]

Serves the app of ``--tree`` (default: this checkout; give an earlier worktree to compare
before and after in one session) and measures, in chromium driven by Playwright:

- **lever click**: after 10 weeks run, a click on a lever until the page shows the new run
  (the week counter back at week 0) and the browser has painted it;
- **scenario pick**: after 10 weeks run, the pick of another shipped scenario in the list
  until the page shows the new run at week 0, painted;
- **step**: a click on Step until the page shows the next week, painted (one model step, the
  server's redraw and the browser's drawing);
- **5-year run**: Play (the default redraw, twice a second) until week 260, against the same
  260 weeks stepped headless in this process (``app.session.Runner``), as a ratio.

Issue 13 asks for a median of at most 300 ms for a click, 100 ms for step plus render, and a
5-year run in the page within 2x of headless. Machine load moves all of these; compare trees
in one session.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWS = ("text => Array.from(document.querySelectorAll('.week-counter'))"
         ".some(e => e.innerText.includes(text))")
# the time of the next click, and the time from it to the next frame painted: a task queued in
# an animation frame runs right after that frame is painted (before idle-time work, such as
# redrawing charts that are out of view)
CLICK_TIME = ("() => document.addEventListener('click', e => { window.wijksimClick = "
              "e.timeStamp; }, {capture: true, once: true})")
PAINTED_SINCE_CLICK = ("() => new Promise(done => requestAnimationFrame(() => "
                       "setTimeout(() => done(performance.now() - window.wijksimClick), 0)))")
TIMEOUT_MS = 600_000
SCENARIOS = ("generalist_teams.yaml", "baseline.yaml")  # picked in turn


def main(argv: list[str] | None = None) -> int:
    """Measure and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose app is served")
    parser.add_argument("--times", type=int, default=8, help="clicks and steps measured")
    parser.add_argument("--residents", type=int, default=5000)
    parser.add_argument("--years", type=int, default=5, help="length of the timed run")
    args = parser.parse_args(argv)
    if args.times < 1:
        parser.error(f"--times {args.times}: at least 1")
    tree = args.tree.resolve()
    if not (tree / "app" / "app.py").is_file():
        parser.error(f"--tree {tree}: no app/app.py there")
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    from playwright.sync_api import expect, sync_playwright

    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, served

    query = f"/?seed=1&residents={args.residents}&years={args.years}&a=baseline.yaml"
    with served("app/app.py", "bench", {}) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url + query)
        counter = page.locator(".week-counter")
        expect(counter).to_contain_text("Week 0 of", timeout=TIMEOUT_MS)
        clicks, picks, steps = [], [], []
        lever = page.get_by_text("Generalist neighbourhood teams", exact=True).first
        for _ in range(args.times):
            page.locator(".run-weeks").click()
            expect(counter).to_contain_text("Week 10 of", timeout=TIMEOUT_MS)
            clicks.append(_timed(page, lambda: lever.click(), "Week 0 of"))
        for index in range(args.times):
            page.locator(".run-weeks").click()
            expect(counter).to_contain_text("Week 10 of", timeout=TIMEOUT_MS)
            page.locator(".scenario-select-A").click()
            option = page.get_by_role("option", name=SCENARIOS[index % 2])
            picks.append(_timed(page, lambda o=option: o.click(), "Week 0 of"))
        for week in range(1, args.times + 1):
            steps.append(_timed(page, lambda: page.locator(".run-step").click(),
                                f"Week {week} of"))
        end = args.years * 52
        page.locator(".run-reset").click()
        expect(counter).to_contain_text("Week 0 of", timeout=TIMEOUT_MS)
        in_page = _timed(page, lambda: page.locator(".run-play").click(), f"Week {end} of")
        browser.close()
    headless = _headless(args.residents, end)
    print(f"{tree}, {args.residents:,} residents (medians of {args.times}):")
    print(f"  lever click to painted update   {statistics.median(clicks) * 1e3:7.0f} ms")
    print(f"  scenario pick to painted update {statistics.median(picks) * 1e3:7.0f} ms")
    print(f"  step to painted update          {statistics.median(steps) * 1e3:7.0f} ms")
    print(f"  {args.years}-year run in the page      {in_page:7.1f} s; headless "
          f"{headless:.1f} s; ratio {in_page / headless:.2f}")
    return 0


def _timed(page, act, counter_text: str) -> float:
    """Seconds from the click of ``act`` until the week counter shows ``counter_text``, painted.

    Timed in the page, from the click event until the frame in which the counter shows the
    text (checked on every animation frame) has been painted: Playwright's own click first waits
    for the element to be visible and stable (40-50 ms here) before the browser sees a click,
    and its ``expect`` polls at 100, 250, 500 and 1,000 ms, which would round every time up
    to those steps.
    """
    page.evaluate(CLICK_TIME)
    act()
    page.wait_for_function(SHOWS, arg=counter_text, polling="raf", timeout=TIMEOUT_MS)
    return page.evaluate(PAINTED_SINCE_CLICK) / 1000


def _headless(residents: int, weeks: int) -> float:
    """Seconds to step the app's runner through ``weeks`` weeks without a page."""
    from wijksim.app.session import Runner, build_side, initial_settings

    built = build_side(initial_settings(), residents)
    runner = Runner({"A": built.timeline}, seed=1)
    started = time.monotonic()
    runner.step(weeks)
    return time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
