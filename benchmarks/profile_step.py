"""Profile wijksim's weekly step (stepping only, setup excluded) with cProfile.

Usage::

    python benchmarks/profile_step.py [--n 10000] [--steps 5] [--top 25] [--out FILE.prof]

Builds the baseline model, runs 2 untimed warm-up steps, then profiles ``--steps`` steps and
prints the top functions by cumulative time and by own time (tottime). (``python -m cProfile -s
cumtime`` on a whole run also works, but mixes in imports and setup.)
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=None, help="save raw stats (.prof)")
    args = parser.parse_args()

    from wijksim.sim import Params, WijkModel
    from wijksim.sim.params import with_changes

    model = WijkModel(with_changes(Params(), {"population.n_residents": args.n}), seed=args.seed)
    for _ in range(2):
        model.step()
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    for _ in range(args.steps):
        model.step()
    profiler.disable()
    wall = time.perf_counter() - t0
    print(f"n={args.n:,} steps={args.steps} profiled wall {wall:.3f} s "
          f"({wall / args.steps * 1e3:.1f} ms/step, profiler overhead included)")
    stats = pstats.Stats(profiler)
    if args.out:
        stats.dump_stats(str(args.out))
    stats.strip_dirs()
    for key in ("cumulative", "tottime"):
        print(f"\n=== top {args.top} by {key} ===")
        stats.sort_stats(key).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
