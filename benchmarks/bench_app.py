"""Milliseconds per app frame for a 5,000-resident neighbourhood: one model step plus the
server's part of the redraw after it: the grid's and the weekly charts' data built and
serialised as JSON for the browser, which draws them.

    .venv/bin/python benchmarks/bench_app.py [--residents 5000] [--steps 20] [--warmup 26]

Prints the median over ``--steps`` frames of step, grid and charts, and their total.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from wijksim.app.charts import grid_chart, outcome_charts
from wijksim.app.session import Runner, build_side, initial_settings


def frame(runner: Runner) -> dict[str, float]:
    """Time one frame: step, then build the grid's and the charts' data as JSON."""
    times = {}
    start = time.perf_counter()
    runner.step(1)
    times["step"] = time.perf_counter() - start
    start = time.perf_counter()
    json.dumps(grid_chart(runner.views()["A"], "wellbeing", "A"))
    times["grid"] = time.perf_counter() - start
    start = time.perf_counter()
    json.dumps(outcome_charts(runner.tables()["A"], "A"))
    times["charts"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    return times


def main() -> None:
    """Run the benchmark and print the medians in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=5000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=26, help="weeks stepped before timing")
    args = parser.parse_args()
    built = build_side(initial_settings(), args.residents)
    runner = Runner({"A": built.timeline}, seed=1)
    runner.step(args.warmup)
    frames = [frame(runner) for _ in range(args.steps)]
    print(f"{args.residents} residents, median of {args.steps} frames after week "
          f"{args.warmup} (ms):")
    for part in ("step", "grid", "charts", "total"):
        print(f"  {part:7s} {1000 * statistics.median(f[part] for f in frames):8.1f}")


if __name__ == "__main__":
    main()
