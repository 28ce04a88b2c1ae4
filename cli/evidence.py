"""``wijksim evidence``: the model against the stylised facts of a targets file.

Runs every scenario the facts need on seeds 1..K (after the warm-up), measures each fact as its
target defines it, prints the table and writes a report (``evidence.md``, ``evidence.html``,
one figure per fact, CSV tables). Exit status: 0; 1 with ``--strict`` when a validation fact
is outside its band; 2 for bad input.
"""

from __future__ import annotations

import datetime
import os
import shlex
import sys
from pathlib import Path

import pandas as pd

from wijksim.cli.options import positive_float, positive_int, setting
from wijksim.experiments.evidence import DEFAULT_TARGETS, RunSize, load_targets, measure
from wijksim.experiments.provenance import git_commit
from wijksim.experiments.scenarios import load_scenario
from wijksim.sim.params import ParameterError

DEFAULT_OUT = Path("results/evidence")


def register(subparsers) -> dict:
    """Add the ``evidence`` sub-command; returns ``{"evidence": handler}``."""
    evidence = subparsers.add_parser(
        "evidence", help="the model against the stylised facts (a report)",
        description="Measure every fact of a targets file in the model (baseline after the "
        "warm-up, or the fact's own scenario) and write a report.")
    evidence.add_argument("--targets", type=Path, default=DEFAULT_TARGETS,
                          help="targets file (default evidence/targets.yaml)")
    evidence.add_argument("--seeds", type=positive_int, default=10, help="seeds 1..K (10)")
    evidence.add_argument("--residents", type=positive_int, default=5000,
                          help="residents (5,000)")
    evidence.add_argument("--years", type=positive_float, default=5.0,
                          help="years measured after the warm-up (5)")
    evidence.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                          help="worker processes (default: the number of CPUs)")
    evidence.add_argument("--set", type=setting, action="append", metavar="PATH=VALUE",
                          help="change a parameter, e.g. --set wellbeing.usual_mean=8.2")
    evidence.add_argument("--out", type=Path, default=DEFAULT_OUT,
                          help="report folder (default results/evidence)")
    evidence.add_argument("--strict", action="store_true",
                          help="exit 1 when a validation fact is outside its band")
    calibrate = subparsers.add_parser(
        "calibrate", help="fit assumptions to the calibration facts (ABC-SMC, pyabc)",
        description="Fit the assumptions a calibration file names to the calibration facts of "
        "its targets file with ABC-SMC. Rerunning the same command resumes an interrupted "
        "calibration from its database.")
    calibrate.add_argument("config", type=Path, nargs="?",
                           default=Path("evidence/calibration.yaml"),
                           help="calibration file (default evidence/calibration.yaml)")
    calibrate.add_argument("--out", type=Path, default=Path("results/calibration"),
                           help="output folder (database, posterior, summary)")
    calibrate.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                           help="local worker processes (default: the number of CPUs)")
    calibrate.add_argument("--scheduler", default=None, metavar="ADDRESS",
                           help="run on a Dask scheduler instead of local processes")
    calibrate.add_argument("--generations", type=positive_int, default=None,
                           help="generations in all (default from the file)")
    calibrate.add_argument("--population", type=positive_int, default=None,
                           help="particles per generation (default from the file)")
    return {"evidence": command_evidence, "calibrate": command_calibrate}


def command_calibrate(args) -> int:
    """``wijksim calibrate``: run or resume ABC-SMC; print the posterior of each parameter."""
    from wijksim.experiments.calibration import load_config, run

    config = load_config(args.config)
    print(f"{config.name}: {len(config.priors)} assumptions fitted to "
          f"{len(config.targets.of_role('calibration'))} calibration facts; "
          f"{args.population or config.population} particles x "
          f"{args.generations or config.generations} generations at {config.residents:,} "
          f"residents, {config.years:g} years -> {args.out}", flush=True)
    summary = run(config, args.out, workers=args.workers, scheduler=args.scheduler,
                  generations=args.generations, population=args.population)
    for path, info in summary["parameters"].items():
        print(f"  {path}: {info['mean']:.4g} (90%: {info['p05']:.4g} to {info['p95']:.4g}; "
              f"prior {info['prior'][0]:g} to {info['prior'][1]:g})")
    print(f"{summary['generations']} generations, {summary['evaluations']} model runs, "
          f"{summary['seconds_this_session']:.0f} s this session; wrote "
          f"{args.out / 'posterior.csv'} (the plausible set), {args.out / 'calibrated.yaml'}, "
          f"{args.out / 'calibration.json'}, {args.out / 'calibration.md'}")
    _write_record(summary, args.out, config.priors)
    ess = summary["effective_sample_sizes"][-1]
    print(f"effective sample size of the last generation: {ess:.1f} of {summary['population']}")
    if ess < summary["population"] / 4:
        print("warning: the posterior rests on few particles; its spread is not reliable. Run "
              "more particles (--population) or generations before using it.")
    return 0


def _write_record(summary: dict, out, priors) -> None:
    import matplotlib.pyplot as plt

    from wijksim.analysis.calibration import calibration_markdown, posterior_figure
    from wijksim.experiments.calibration import plausible_set

    (out / "calibration.md").write_text(calibration_markdown(summary), encoding="utf-8")
    fig = posterior_figure(plausible_set(out / "posterior.csv"), priors)
    fig.savefig(out / "posterior.png", dpi=110)
    plt.close(fig)


def command_evidence(args) -> int:
    """``wijksim evidence``: measure, print, write the report; ``--strict`` for CI gates."""
    from wijksim.analysis.evidence import evidence_table, verdict, write_report

    targets = load_targets(args.targets)
    changes = tuple(args.set or [])
    _check_changes(dict(changes))
    size = RunSize(args.residents, args.seeds, args.years, changes)
    print(f"{len(targets.facts)} facts in {args.targets}: {len(targets.scenarios())} "
          f"scenarios x {args.seeds} seeds, {args.residents:,} residents, {args.years:g} years "
          "after the warm-up", flush=True)
    values = measure(targets, size, workers=args.workers, progress=_progress)
    provenance = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                  "commit": git_commit(), "command": command_line(),
                  "targets": f"{args.targets} (sha256 {targets.sha256[:12]})",
                  "runs": f"{args.residents:,} residents, seeds 1-{args.seeds}, {args.years:g} "
                          "years after the warm-up"}
    if changes:
        provenance["changes"] = ", ".join(f"{path}={value}" for path, value in changes)
    path = write_report(values, targets, args.out, provenance)
    table = evidence_table(values, targets.facts)
    _print(table)
    print(f"\n{verdict(table)}\nwrote {path} and {path.with_suffix('.html')}")
    failed = table[(table["role"] == "validation") & ~table["inside"]]
    if args.strict and len(failed):
        print(f"--strict: {len(failed)} validation facts outside their band: "
              f"{', '.join(failed['fact'])}", file=sys.stderr)
        return 1
    return 0


def _check_changes(changes: dict) -> None:
    """Validate --set changes before any run (errors name the path and the bounds)."""
    baseline = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml")
    try:
        baseline.build(changes)
    except ParameterError:
        raise
    except Exception as error:  # a ScenarioError carries file:line problems
        raise error


def _progress(done: int, total: int) -> None:
    print(f"  seeds done: {done}/{total}", file=sys.stderr, flush=True)


def _print(table: pd.DataFrame) -> None:
    shown = table[["fact", "role", "low", "high", "mean", "ci_low", "ci_high", "inside"]]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.4g}"))


def command_line() -> str:
    """The command as typed (``wijksim ...``), for provenance."""
    program = "wijksim" if os.path.basename(sys.argv[0]) == "wijksim" else sys.argv[0]
    return shlex.join([program, *sys.argv[1:]])
