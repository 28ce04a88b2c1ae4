"""``wijksim sweep``: run an experiment file (scenarios x design x seeds), resumably.

Exit status: 0 when every run is done, 1 when some runs failed (their errors are in
``DIR/runs/*.error.json``; rerun to retry them), 2 for bad input, 130 when interrupted.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from wijksim.cli.options import positive_int
from wijksim.experiments.design import MAX_RUNS, load_experiment
from wijksim.experiments.sweep import EXECUTORS, SweepInterrupted, dashboard_available, run_sweep

DEFAULT_OUT = Path("results/sweeps")


def register(subparsers) -> dict:
    """Add the ``sweep`` sub-command; returns ``{"sweep": handler}``."""
    sweep = subparsers.add_parser(
        "sweep", help="run an experiment file (scenarios x design x seeds); resumable",
        description="Run every run of an experiment file, writing each result as it finishes. "
        "Rerunning the same command resumes: finished runs are skipped, failed ones retried.")
    sweep.add_argument("experiment", type=Path, help="experiment file, e.g. experiments/smoke.yaml")
    sweep.add_argument("--out", type=Path, default=None,
                       help="results directory (default results/sweeps/<experiment name>)")
    sweep.add_argument("--workers", type=positive_int, default=None,
                       help="worker processes (default: the number of CPUs)")
    sweep.add_argument("--executor", choices=EXECUTORS, default="processes",
                       help="where runs execute (default processes)")
    sweep.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --executor "
                       "dask; default DASK_SCHEDULER_ADDRESS, else a local cluster)")
    sweep.add_argument("--dashboard", action="store_true",
                       help="serve Dask's dashboard for a local cluster (implies --executor dask; "
                       "needs the dashboard extra: pip install 'wijksim[dashboard]')")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    sweep.add_argument("--allow-large", action="store_true",
                       help=f"run a design of more than {MAX_RUNS:,} runs knowingly")
    sweep.add_argument("--allow-outside", action="store_true",
                       help="read scenario files outside the project and the experiment's folder")
    return {"sweep": command_sweep}


def command_sweep(args) -> int:
    """``wijksim sweep``: validate the experiment, run what is not done, print the summary."""
    experiment = load_experiment(args.experiment, allow_large=args.allow_large,
                                 allow_outside=args.allow_outside)
    out = args.out or DEFAULT_OUT / experiment.name
    executor = "dask" if args.scheduler or args.dashboard else args.executor
    if args.dashboard and not dashboard_available():
        print("wijksim sweep: --dashboard needs bokeh, which is not installed: "
              "pip install 'wijksim[dashboard]' (or leave out --dashboard)", file=sys.stderr)
        return 2
    points = len({config.point_id for config in experiment.configs})
    print(f"{experiment.name}: {len(experiment.configs)} runs ({len(experiment.scenario_paths)} "
          f"scenarios x {points} design points x {experiment.replications} seeds) -> {out}",
          flush=True)
    try:
        summary = run_sweep(experiment.configs, out, executor=executor, workers=args.workers,
                            scheduler=args.scheduler, progress=not args.no_progress,
                            experiment=experiment, dashboard=args.dashboard)
    except SweepInterrupted as stop:
        print(f"interrupted: {stop.summary}; finished runs are kept in {out}.\nResume with: "
              f"{_command_line()}", file=sys.stderr)
        return 130
    except OSError as error:  # e.g. an unreachable Dask scheduler
        print(f"wijksim sweep: {error}", file=sys.stderr)
        return 2
    print(f"{summary.done} done, {summary.skipped} skipped (already done), {summary.failed} "
          f"failed ({summary.seconds:.1f} s); results in {out}")
    if summary.failed:
        print(f"errors: {out / 'runs'}/*.error.json; rerun the same command to retry them",
              file=sys.stderr)
    return 1 if summary.failed else 0


def _command_line() -> str:
    program = "wijksim" if os.path.basename(sys.argv[0]) == "wijksim" else sys.argv[0]
    return shlex.join([program, *sys.argv[1:]])
