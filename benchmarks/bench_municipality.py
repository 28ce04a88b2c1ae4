"""A municipality of neighbourhoods run side by side: time and peak memory per resident.

Usage::

    python benchmarks/bench_municipality.py [--neighbourhoods 100] [--residents 10000]
                                            [--weeks 52] [--table TABLE.csv]

Each neighbourhood of a table (by default a made-up one: ``--neighbourhoods`` rows of
``--residents`` residents, shares as the example city's first row) is built and warmed up
(timed as setup), then stepped ``--weeks`` weeks (timed as stepping): by default together,
sharing specialist providers, one budget and kin across (``sim.shared_care``, all neighbourhoods in
memory), as ``wijksim run --municipality`` does; with ``--apart``, one after another, sharing
nothing (one neighbourhood in memory at a time). Peak RSS (``ru_maxrss``) of this process
minus its RSS after imports and one small model, per resident of the municipality. Issue 10 asks for
1,000,000 residents in about 100 neighbourhoods: 52 weekly steps in at most 60 s, at most
1 KiB peak per resident.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "scenarios" / "municipalities" / "example_city.csv"


def rss_kib() -> int:
    """Resident set size now (KiB), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neighbourhoods", type=int, default=100)
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--table", type=Path, default=None, help="a neighbourhood table "
                        "instead of the made-up one")
    parser.add_argument("--apart", action="store_true", help="neighbourhoods share nothing: "
                        "run one after another")
    args = parser.parse_args(argv)
    from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
    from wijksim.sim import Params, WijkModel
    from wijksim.sim.params import with_changes

    if args.table is not None:
        table = read_neighbourhood_table(args.table)
    else:
        row = read_neighbourhood_table(EXAMPLE)[0]
        table = tuple(replace(row, code=f"WK{i:06d}", residents=args.residents)
                      for i in range(args.neighbourhoods))
    WijkModel(with_changes(Params(), {"population.n_residents": 200}), seed=1).step()
    base = rss_kib()
    run = _apart if args.apart else _together
    setup, stepping = run(table, args.weeks)
    residents = sum(n.residents for n in table)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    how = "apart (one at a time)" if args.apart else "together (shared providers, one budget)"
    print(f"{len(table)} neighbourhoods, {residents:,} residents, {args.weeks} weeks, {how}:")
    print(f"  setup (build and {Params().simulation.warmup_years}-year warm-up): {setup:.1f} s")
    print(f"  {args.weeks} weekly steps: {stepping:.1f} s "
          f"({stepping / args.weeks / residents * 1e9:.0f} ns per resident-week)")
    print(f"  peak RSS above the fixed cost: {(peak - base) / residents * 1024:.0f} bytes "
          f"per resident ({(peak - base) / 1024:.0f} MiB)")
    return 0


def _model(neighbourhood, place: int, apart: bool):
    from wijksim.experiments.municipality import neighbourhood_seed
    from wijksim.sim import Params, WijkModel
    from wijksim.sim.params import with_changes
    from wijksim.sim.shared_care import TOGETHER_WEEKS

    apart_changes = {"municipality.shared_providers": False, "municipality.ties_across": False,
                     "municipality.budget_allocation": "by_use"} if apart else {}
    # together: the last year of the warm-up is spent together (as wijksim run does), in setup
    return WijkModel(with_changes(Params(), {**neighbourhood.changes(), **apart_changes}),
                     seed=neighbourhood_seed(1, place), resident_agents=apart,
                     together_weeks=0 if apart else TOGETHER_WEEKS)


def _apart(table, weeks: int) -> tuple[float, float]:
    setup = stepping = 0.0
    for place, neighbourhood in enumerate(table):
        started = time.perf_counter()
        model = _model(neighbourhood, place, apart=True)
        built = time.perf_counter()
        for _ in range(weeks):
            model.step()
        stepping += time.perf_counter() - built
        setup += built - started
        del model
    return setup, stepping


def _together(table, weeks: int) -> tuple[float, float]:
    from wijksim.sim.shared_care import SharedCare

    started = time.perf_counter()
    municipality = SharedCare([_model(n, place, apart=False) for place, n in enumerate(table)],
                              [n.code for n in table])
    built = time.perf_counter()
    for _ in range(weeks):
        municipality.step()
    return built - started, time.perf_counter() - built


if __name__ == "__main__":
    sys.exit(main())
