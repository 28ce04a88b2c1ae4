"""Load on the workshop app: N participants submit to one room while the facilitator watches.

    .venv/bin/python benchmarks/bench_workshop.py [--participants 30] [--exercise FILE]

What it does (and what it does not): the workshop app is served **in this process** (uvicorn
with Solara's starlette app, as ``solara run`` does) on a free port with its rooms in a temporary
folder. The facilitator's page is opened in one real headless chromium (Playwright) and opens a
room. The N participants are **threads that call the served app's shared room store directly**
(``app.workshop.service.store()``: join, estimate, submit), the same object the participant
pages call; they do not drive N browser pages or websockets (N chromium pages do not fit on two
cores), so the cost of rendering N participant pages is not included.

Reported:

- every submission appears in the facilitator's gallery (read from the page's DOM), no errors;
- submit -> gallery: time from a submission being stored (``submit`` returned) to its team
  appearing in the facilitator's page (median, max); this includes the page's 2 s poll;
- the run time of a submission itself (median, max);
- facilitator responsiveness during the load: round trip of a click (language switch) until
  the page shows the new text (median, max).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXERCISE = ROOT / "tests" / "web" / "data" / "workshop_test.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int):
    """Start the workshop app in this process (a uvicorn thread); returns the server."""
    import uvicorn

    os.environ["SOLARA_APP"] = str(ROOT / "app" / "workshop_app.py")
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = "127.0.0.1", str(port)
    from solara.server import settings

    settings.main.mode = "production"
    config = uvicorn.Config("solara.server.starlette:app", host="127.0.0.1", port=port,
                            log_level="error")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)
    return server


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, max {max(values):.2f} s (n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--exercise", type=Path, default=DEFAULT_EXERCISE)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="wijksim-bench-workshop-"))
    os.environ.update({"MPLBACKEND": "Agg", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
                       "WIJKSIM_WORKSHOP_DIR": str(workdir / "rooms"),
                       "WIJKSIM_WORKSHOP_EXERCISES": str(args.exercise.parent)})
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import expect, sync_playwright

    from wijksim.app.workshop import service
    from wijksim.experiments.workshop.exercises import load_exercise

    exercise = load_exercise(args.exercise)
    port = free_port()
    server = serve(port)
    url = f"http://127.0.0.1:{port}"
    submitted: dict[str, float] = {}
    run_seconds: list[float] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        expect.set_options(timeout=60_000)
        page.goto(url + "/facilitator")
        page.locator(f".open-room-{exercise.name}").first.click()  # a shipped one is offered twice
        code = page.locator(".room-code").first.inner_text().strip()
        page.locator(".gallery-table").wait_for()
        while not page.locator(".preparing").count() == 0:
            time.sleep(0.2)
        room_store = service.store()
        print(f"room {code}: {args.participants} participants, exercise {exercise.name} "
              f"({exercise.residents} residents, {exercise.years:g} years, "
              f"{len(exercise.seeds)} seeds)", flush=True)

        def participant(i: int) -> None:
            name = f"Team {i:02d}"
            try:
                _team, pin = room_store.join(code, name)
                package = {lever.path: lever.values[(i + k) % len(lever.values)]
                           for k, lever in enumerate(exercise.levers)}
                room_store.estimate(code, package)
                started = time.perf_counter()
                room_store.submit(code, pin, package)
                submitted[name] = time.perf_counter()
                run_seconds.append(submitted[name] - started)
            except Exception as exc:
                errors.append(f"{name}: {exc!r}")

        threads = [threading.Thread(target=participant, args=(i,))
                   for i in range(args.participants)]
        load_start = time.perf_counter()
        for thread in threads:
            thread.start()
        seen: dict[str, float] = {}
        clicks: list[float] = []
        labels = {"EN": "submissions", "NL": "inzendingen"}
        language = "EN"
        names = [f"Team {i:02d}" for i in range(args.participants)]
        deadline = time.perf_counter() + 600
        while len(seen) < args.participants and time.perf_counter() < deadline:
            text = page.locator(".gallery-table").inner_text()
            now = time.perf_counter()
            for name in names:
                if name not in seen and name in text:
                    seen[name] = now
            if any(t.is_alive() for t in threads) or len(clicks) < 5:
                # one click on the language switch; time until the page shows the new language
                started = time.perf_counter()
                page.locator(".lang-switch").get_by_role("button", name=language,
                                                         exact=True).click()
                expect(page.locator(".room-status")).to_contain_text(labels[language])
                clicks.append(time.perf_counter() - started)
                language = "NL" if language == "EN" else "EN"
            time.sleep(0.1)
        for thread in threads:
            thread.join()
        total = time.perf_counter() - load_start
        page.screenshot(path=str(workdir / "facilitator.png"), full_page=True)
        browser.close()
    server.should_exit = True
    delays = [seen[name] - submitted[name] for name in submitted if name in seen]
    missing = sorted(set(submitted) - set(seen))
    print(f"errors: {len(errors)}", *errors[:5], sep="\n  ")
    print(f"in the facilitator's gallery: {len(seen)} of {args.participants} "
          f"(missing: {', '.join(missing) or 'none'})")
    print(f"all submissions done and shown in {total:.1f} s")
    print(f"submission run time: {summary(run_seconds)}")
    print(f"submit -> facilitator's gallery: {summary(delays)}")
    print(f"facilitator click -> re-render during the load: {summary(clicks)}")
    print(f"(screenshot: {workdir / 'facilitator.png'})")
    return 0 if not errors and not missing and len(seen) == args.participants else 1


if __name__ == "__main__":
    sys.exit(main())
