"""Benchmark the sweep runner: the same 64-run sweep on 1 and on 2 worker processes.

Usage::

    python benchmarks/bench_sweep.py [--runs 64] [--residents 2000] [--years 3] [--reps 1]

Each repetition runs the sweep (generalist_teams, ``--runs`` seeds) with the ``processes``
executor on 1 worker and then on 2 workers, each into a fresh results directory, and times the
whole ``run_sweep`` call (pool start, every run, every result file). Reported:

* wall times T1 and T2, and parallel efficiency = T1 / (2 x T2) (target >= 90%);
* per-run overhead = (workers x wall - sum of in-worker model seconds) / runs, i.e. worker
  start-up, scenario loading, building parameters and writing results, per run (for 1 worker
  this is (T1 - sum) / runs);
* the one-off start of the forkserver that workers are forked from (it imports the model once
  per process), timed apart before both sweeps so that T1 and T2 are measured alike;
* a control: the same pure-Python loop in 1 process and then in 2 processes at once
  (T(1) / T(2 at once), about 100% on two free cores), and the load average before and after:
  other processes on the machine lower both figures.

Results: a table on stdout and ``results/bench/sweep_latest.json`` (``results/`` is gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wijksim.experiments.design import parse_experiment
from wijksim.experiments.store import failed_keys, load_results, read_error
from wijksim.experiments.sweep import run_sweep, start_workers_server

ROOT = Path(__file__).resolve().parents[1]
SPIN = "x = 0\nfor i in range(20_000_000):\n    x += i\n"


def machine_efficiency() -> float:
    """Control: a pure-Python loop in 1 process, then in 2 at once; T(1) / T(2 at once).

    Near 1.0 on two free cores; lower when other processes compete for the CPUs, in which case
    the sweep's efficiency cannot reach it either.
    """
    def spin(copies: int) -> float:
        start = time.perf_counter()
        running = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(copies)]
        for process in running:
            process.wait()
        return time.perf_counter() - start

    return spin(1) / spin(2)


def experiment_text(runs: int, residents: int, years: float) -> str:
    return (f"name: bench_sweep\nscenarios: [scenarios/generalist_teams.yaml]\n"
            f"years: {years}\nresidents: {residents}\nreplications: {runs}\nmaster_seed: 1\n")


def timed_sweep(configs, out: Path, workers: int) -> dict:
    start = time.perf_counter()
    summary = run_sweep(configs, out, executor="processes", workers=workers, progress=False)
    wall = time.perf_counter() - start
    if summary.failed:
        first = read_error(out, sorted(failed_keys(out))[0])
        raise SystemExit(f"{summary}; first error:\n{first['traceback']}")
    model = float(load_results(out, columns=["run_seconds"]).groupby("key")["run_seconds"]
                  .first().sum())
    return {"workers": workers, "wall": wall, "model_seconds": model,
            "overhead_per_run": (workers * wall - model) / len(configs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64)
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--years", type=float, default=3)
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args()
    experiment = parse_experiment(experiment_text(args.runs, args.residents, args.years),
                                  "<bench>", ROOT)
    load_before = os.getloadavg()
    started = time.perf_counter()
    start_workers_server()  # once per process; timed apart so T1 and T2 are measured alike
    server_start = time.perf_counter() - started
    reps = []
    with tempfile.TemporaryDirectory() as folder:
        for rep in range(args.reps):
            control = machine_efficiency()
            one = timed_sweep(experiment.configs, Path(folder) / f"w1_{rep}", 1)
            two = timed_sweep(experiment.configs, Path(folder) / f"w2_{rep}", 2)
            reps.append({"one": one, "two": two, "machine_efficiency": control,
                         "efficiency": one["wall"] / (2 * two["wall"])})
    report = {"runs": args.runs, "residents": args.residents, "years": args.years,
              "cpus": os.cpu_count(), "load_before": load_before,
              "workers_server_start_seconds": server_start,
              "load_after": os.getloadavg(), "repetitions": reps}
    print_report(report)
    out = ROOT / "results" / "bench" / "sweep_latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwrote {out}")


def print_report(report: dict) -> None:
    print(f"{report['runs']} runs x ({report['residents']} residents, {report['years']:g} years),"
          f" processes executor, {report['cpus']} CPUs; load average before "
          f"{report['load_before'][0]:.2f}, after {report['load_after'][0]:.2f}; worker "
          f"server started once in {report['workers_server_start_seconds']:.2f} s (not in T1/T2)")
    print("| rep | T1 (s) | T2 (s) | efficiency T1/(2 T2) | control: CPU loop 1 vs 2 procs | "
          "model s/run | overhead/run 1w | overhead/run 2w |")
    print("|---|---|---|---|---|---|---|---|")
    for index, rep in enumerate(report["repetitions"], start=1):
        one, two = rep["one"], rep["two"]
        print(f"| {index} | {one['wall']:.2f} | {two['wall']:.2f} | {rep['efficiency']:.1%} | "
              f"{rep['machine_efficiency']:.1%} | {one['model_seconds'] / report['runs']:.3f} | "
              f"{one['overhead_per_run'] * 1000:.0f} ms | "
              f"{two['overhead_per_run'] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
