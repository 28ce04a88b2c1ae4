"""``wijksim robustness EXPERIMENT``: which conclusions hold across plausible worlds."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from wijksim.analysis.results import load_results
from wijksim.analysis.robustness import build_robustness_report
from wijksim.cli.options import positive_int
from wijksim.cli.sweep import DEFAULT_OUT
from wijksim.experiments.design import load_experiment
from wijksim.experiments.sweep import EXECUTORS, run_sweep
from wijksim.sim.params import parameter_table


def register(subparsers) -> dict:
    """Add the ``robustness`` sub-command; return its handler by name."""
    parser = subparsers.add_parser(
        "robustness", help="run an experiment over plausible worlds and report where each "
        "policy beats the reference, regret, PRIM boxes and feature scores")
    parser.add_argument("experiment", type=Path, help="experiment file with a design over "
                        "the uncertain assumptions, the policies as scenarios, and outcomes: "
                        "with directions (e.g. experiments/robustness_smoke.yaml)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="results and report folder (default results/sweeps/NAME)")
    parser.add_argument("--executor", choices=EXECUTORS, default="processes",
                        help="how runs are spread (default processes)")
    parser.add_argument("--workers", type=positive_int, default=None,
                        help="worker processes (default: the number of CPUs)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler address (implies --executor dask)")
    search = subparsers.add_parser(
        "search", help="search the experiment's levers: for the Pareto set of policy packages "
        "over its outcomes, robust over its plausible worlds (EMA Workbench)")
    search.add_argument("experiment", type=Path, help="experiment file with a design of "
                        "worlds, outcomes: with directions, levers: and search: (e.g. "
                        "experiments/search_smoke.yaml)")
    search.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="folder for the Pareto set and its report (default "
                        "results/search/NAME)")
    search.add_argument("--workers", type=positive_int, default=1,
                        help="worker processes for EMA's evaluator (default 1)")
    return {"robustness": command_robustness, "search": command_search}


def command_search(args: argparse.Namespace) -> int:
    """Search the levers; write the Pareto set (CSV), its table and figure."""
    from wijksim.analysis.robustness import build_search_report
    from wijksim.experiments.policy_search import SearchSettings, pareto_set

    experiment = load_experiment(args.experiment)
    if not (experiment.levers and experiment.outcomes and experiment.design is not None
            and experiment.design.kind in ("lhs", "plausible") and experiment.search):
        raise ValueError(f"{args.experiment}: a search needs levers:, outcomes: with "
                         "directions, search: {nfe: ...} and a design of kind lhs or "
                         "plausible (the worlds); see experiments/search_smoke.yaml")
    residents = experiment.fixed.get("population.n_residents")
    settings = SearchSettings(experiment.levers, experiment.search["nfe"],
                              experiment.search.get("epsilons", {}),
                              experiment.search.get("population", 20))
    started = time.perf_counter()
    pareto = pareto_set(experiment, settings, residents, workers=args.workers)
    seconds = time.perf_counter() - started
    out = args.out or Path("results/search") / experiment.name
    out.mkdir(parents=True, exist_ok=True)
    pareto.to_csv(out / "pareto.csv", index=False)
    build_search_report(pareto, experiment.outcomes, list(experiment.levers), out,
                        experiment.name, _made_with(seconds))
    print(pareto.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"wrote {out / 'search.md'} (and .html, pareto.csv) in {seconds:.0f} s")
    return 0


def command_robustness(args: argparse.Namespace) -> int:
    """Run (or resume) the experiment, then write the robustness report."""
    experiment = load_experiment(args.experiment)
    if experiment.design is None or experiment.design.kind == "grid" or not experiment.outcomes:
        raise ValueError(f"{args.experiment}: a robustness experiment needs a design of kind "
                         "lhs or sobol over the uncertain assumptions and an outcomes: block "
                         "with directions (see experiments/robustness_smoke.yaml)")
    names = sorted({config.scenario_name for config in experiment.configs})
    if experiment.reference not in names:
        raise ValueError(f"{args.experiment}: the reference scenario {experiment.reference!r} "
                         f"is not among the scenarios ({', '.join(names)}); add it or set "
                         "reference:")
    out = args.out or DEFAULT_OUT / experiment.name
    executor = "dask" if args.scheduler else args.executor
    summary = run_sweep(experiment.configs, out, executor=executor, workers=args.workers,
                        scheduler=args.scheduler, progress=True, experiment=experiment)
    print(f"{summary.done} done, {summary.skipped} already done, {summary.failed} failed")
    results = load_results(out)
    units = {path: parameter_table()[path].unit for path in experiment.varied}
    labels = {path: f"{path} ({unit})" for path, unit in units.items()}
    tables = build_robustness_report(results.summary, experiment.reference,
                                     experiment.outcomes, experiment.varied, out / "robustness",
                                     experiment.name, labels, _made_with(summary.seconds))
    shown = tables["robustness"][["scenario", "outcome", "share_worlds_better", "low", "high"]]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    for sentence in tables["prim_boxes"]["sentence"]:
        print(f"- {sentence}")
    print(f"wrote {out / 'robustness' / 'robustness.md'} (and .html, tables/){os.linesep}", end="")
    return 1 if summary.failed else 0


def _made_with(seconds: float) -> str:
    """Date, commit, command and sweep time, for the report's head."""
    import shlex
    import sys
    from datetime import UTC, datetime

    from wijksim.experiments.provenance import git_commit

    command = shlex.join(["wijksim", *sys.argv[1:]])
    return (f"Made {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, with "
            f"`{command}`; it ran for {seconds:.0f} s on this call (in a sweep, runs already done "
            "are skipped).")
