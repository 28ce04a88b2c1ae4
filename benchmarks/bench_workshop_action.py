"""How fast one facilitator action reaches a team's page, in two real browser pages.

    .venv/bin/python benchmarks/bench_workshop_action.py [--tree DIR] [--times 6]

Serves the workshop app of ``--tree`` (default: this checkout; give a ``git worktree`` of an
earlier commit to compare) with the tiny test exercise, opens a room in one headless chromium
page and joins a team in another; then the facilitator locks the room ``--times`` times (at
different moments, unlocking in between) and the time until the team's page shows the "closed"
notice is reported (median, max, each).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Measure and print the lock -> team page latencies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose app is served")
    parser.add_argument("--times", type=int, default=6, help="locks measured (at least 1)")
    args = parser.parse_args(argv)
    if args.times < 1:
        parser.error(f"--times {args.times}: at least 1")
    tree = args.tree.resolve()
    if not (tree / "app" / "workshop_app.py").is_file():
        parser.error(f"--tree {tree}: no app/workshop_app.py there")
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    from playwright.sync_api import expect, sync_playwright

    from tests.web import test_workshop as workshop
    from tests.web.conftest import served

    rooms = Path(tempfile.mkdtemp()) / "rooms"
    env = {"WIJKSIM_WORKSHOP_DIR": str(rooms), "WIJKSIM_WORKSHOP_EXERCISES": str(workshop.DATA)}
    with served("app/workshop_app.py", "action", env) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        _, facilitator, code = workshop.open_room(browser, url)
        _, team, _ = workshop.join(browser, url, code, "Team Oost")
        notice = team.get_by_text("Insturen is even gesloten")
        waits = []
        for i in range(args.times):
            time.sleep(1.3 + 0.37 * i)  # a different moment each time (against any poll)
            started = time.monotonic()
            facilitator.locator(".fac-lock").click()
            expect(notice).to_be_visible(timeout=20_000)
            waits.append(time.monotonic() - started)
            facilitator.locator(".fac-unlock").click()
            expect(notice).to_have_count(0, timeout=20_000)
        browser.close()
    print(f"{tree}: lock -> team page shows it: median {statistics.median(waits):.2f} s, "
          f"max {max(waits):.2f} s, each {[round(w, 2) for w in waits]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
