"""The ``wijksim`` command line: run, compare, validate, overview, params.

Bad input (a scenario file with an unknown key, a value out of bounds, malformed YAML, a bad
option) is reported as ``file:line: message`` lines with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

import pandas as pd

from analysis.summary import (
    paired_differences,
    scenario_table,
    summarise_run,
    unit_of_summary,
)
from cli.options import non_negative_int, positive_float, positive_int, setting
from experiments.evidence import EvidenceError
from experiments.runner import RunSpec, run_one, save_run
from experiments.scenarios import (
    ScenarioError,
    baseline_yaml,
    load_scenario,
    shipped_scenarios,
)
from sim.outcomes import OUTCOME_BY_NAME
from sim.params import ParameterError, parameter_table

HEADLINE = ["cost_total", "cost_total_per_hour", "cost_total_per_client", "cost_total_capacity",
            "budget_binding", "wellbeing_mean", "wellbeing_p10", "share_low_wellbeing",
            "unmet_need_hours", "informal_hours", "share_carers_overloaded",
            "professionals_per_mph", "waiting_weeks"]


class UsageError(Exception):
    """Bad command-line input, reported without a traceback."""


def _overrides(args) -> dict:
    changes = dict(args.set or [])
    if args.residents is not None:
        changes["population.n_residents"] = args.residents
    return changes


def _add_run_options(parser: argparse.ArgumentParser, *, seeds: bool) -> None:
    parser.add_argument("--years", type=positive_float, default=5.0,
                        help="simulated years (52 weekly steps each; default 5)")
    if seeds:
        parser.add_argument("--seeds", type=positive_int, default=5,
                            help="number of seeds, 1..K (default 5)")
    else:
        parser.add_argument("--seed", type=non_negative_int, default=1,
                            help="random seed (default 1)")
    parser.add_argument("--residents", type=positive_int, default=None,
                        help="number of residents (overrides population.n_residents)")
    parser.add_argument("--set", type=setting, action="append", metavar="PATH=VALUE",
                        help="change any parameter, e.g. --set generalists.caseload=30")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all sub-commands."""
    parser = argparse.ArgumentParser(prog="wijksim", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one scenario and write its outcomes")
    run.add_argument("scenario", type=Path)
    _add_run_options(run, seeds=False)
    run.add_argument("--out", type=Path, default=Path("results/runs"))
    compare = sub.add_parser("compare", help="paired differences of B minus A on shared seeds")
    compare.add_argument("a", type=Path)
    compare.add_argument("b", type=Path)
    _add_run_options(compare, seeds=True)
    validate = sub.add_parser("validate", help="check scenario files")
    validate.add_argument("files", type=Path, nargs="+")
    overview = sub.add_parser("overview", help="every shipped scenario on a few seeds: table "
                              "and cost-versus-wellbeing chart")
    overview.add_argument("--scenarios", type=Path, default=Path("scenarios"))
    _add_run_options(overview, seeds=True)
    overview.add_argument("--out", type=Path, default=Path("results/overview"))
    params = sub.add_parser("params", help="list parameters, or regenerate baseline.yaml")
    params.add_argument("--write-baseline", type=Path, nargs="?", const=Path(
        "scenarios/baseline.yaml"), default=None, metavar="FILE")
    for module in command_modules():
        COMMANDS.update(module.register(sub))
    return parser


def command_modules() -> list:
    """Modules that add sub-commands: each has ``register(subparsers) -> {name: handler}``."""
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


def _format_table(table: pd.DataFrame) -> str:
    return table.to_string(index=False, float_format=lambda v: f"{v:,.3f}")


def _labelled(names: list[str]) -> list[str]:
    return [f"{OUTCOME_BY_NAME[n].label} [{unit_of_summary(n)}]" for n in names]


def command_run(args) -> int:
    """``wijksim run``: one scenario, one seed; summary table, Parquet and manifest."""
    scenario = load_scenario(args.scenario)
    spec = RunSpec.make(scenario, seed=args.seed, years=args.years, overrides=_overrides(args))
    for week in spec.changes_after_the_end():
        print(f"note: the dated change at week {week} comes after the end of the run "
              f"({spec.weeks} weeks) and has no effect; use a longer --years", file=sys.stderr)
    table = run_one(spec)
    table_path, manifest_path = save_run(spec, table, args.out)
    summary = summarise_run(table)
    shown = pd.DataFrame({"outcome": _labelled(list(summary.index)), "value": summary.values})
    print(f"{scenario.title} ({scenario.name}), seed {spec.seed}, {spec.weeks} weeks, "
          f"{int(table['residents'].iloc[-1])} residents")
    print(_format_table(shown))
    print(f"\nwrote {table_path} and {manifest_path}")
    return 0


def _run_many(scenarios, seeds: int, args) -> pd.DataFrame:
    rows = []
    for scenario in scenarios:
        for seed in range(1, seeds + 1):
            spec = RunSpec.make(scenario, seed=seed, years=args.years,
                                overrides=_overrides(args))
            rows.append(summarise_run(run_one(spec)).rename((scenario.name, seed)))
    summary = pd.DataFrame(rows)
    summary.index = pd.MultiIndex.from_tuples(summary.index, names=["scenario", "seed"])
    return summary.reset_index()


def command_compare(args) -> int:
    """``wijksim compare``: B minus A, paired on the same seeds."""
    a, b = load_scenario(args.a), load_scenario(args.b)
    if a.name == b.name:
        raise UsageError(f"both files define scenario {a.name!r}; compare two different ones")
    summary = _run_many([a, b], args.seeds, args)
    diff = paired_differences(summary, HEADLINE, reference=a.name)
    means = scenario_table(summary, HEADLINE).set_index("scenario")
    rows = [{"outcome": label, a.name: means.loc[a.name, n], b.name: means.loc[b.name, n],
             "difference": diff[n].iloc[0], "95% low": diff[f"{n}_lo"].iloc[0],
             "95% high": diff[f"{n}_hi"].iloc[0]}
            for n, label in zip(HEADLINE, _labelled(HEADLINE), strict=True)]
    print(f"{b.title} minus {a.title}: paired on seeds 1..{args.seeds}, {args.years:g} years")
    print(_format_table(pd.DataFrame(rows)))
    return 0


def command_validate(args) -> int:
    """``wijksim validate``: load and build every file; report every problem."""
    failed = 0
    for path in args.files:
        try:
            load_scenario(path).build()
            print(f"{path}: ok")
        except ScenarioError as error:
            failed += 1
            print("\n".join(error.problems), file=sys.stderr)
    return 2 if failed else 0


def command_overview(args) -> int:
    """``wijksim overview``: every shipped scenario on a few seeds; table, CSV and chart."""
    paths = shipped_scenarios(args.scenarios)
    if not paths:
        raise UsageError(f"no scenario files (*.yaml) in {args.scenarios}")
    scenarios = [load_scenario(path) for path in paths]
    for scenario in scenarios:
        RunSpec.make(scenario, seed=1, years=args.years, overrides=_overrides(args))
    summary = _run_many(scenarios, args.seeds, args)
    table = scenario_table(summary, HEADLINE)
    args.out.mkdir(parents=True, exist_ok=True)
    summary.to_csv(args.out / "runs.csv", index=False)
    table.to_csv(args.out / "scenarios.csv", index=False)
    from analysis.plots import cost_vs_wellbeing  # matplotlib: only when a chart is drawn

    figure = cost_vs_wellbeing(table)
    chart = args.out / "cost_vs_wellbeing.png"
    figure.savefig(chart, dpi=120)
    shown = table[["scenario", "runs", *HEADLINE]].copy()
    shown.columns = ["scenario", "runs", *[OUTCOME_BY_NAME[n].label for n in HEADLINE]]
    print(f"Every shipped scenario, seeds 1..{args.seeds}, {args.years:g} years; costs and "
          "hours per resident per year; shares and wellbeing averaged over the weeks")
    print(_format_table(shown.T.reset_index().rename(columns={"index": ""})
                        .pipe(_promote_header)))
    print(f"\nwrote {chart}, {args.out / 'scenarios.csv'} and {args.out / 'runs.csv'}")
    return 0


def _promote_header(table: pd.DataFrame) -> pd.DataFrame:
    header = table.iloc[0]
    body = table.iloc[1:].copy()
    body.columns = header
    return body


def command_params(args) -> int:
    """``wijksim params``: list every parameter, or write baseline.yaml from the code."""
    if args.write_baseline is not None:
        args.write_baseline.write_text(baseline_yaml(), encoding="utf-8")
        print(f"wrote {args.write_baseline}")
        return 0
    for info in parameter_table().values():
        bounds = "" if info.lo is None else f" [{info.lo:g}, {info.hi:g}]"
        print(f"{info.path} = {info.default!r} {info.unit}{bounds}: {info.label} "
              f"(source: {info.source})")
    return 0


COMMANDS = {"run": command_run, "compare": command_compare, "validate": command_validate,
            "overview": command_overview, "params": command_params}

# Sub-command modules (one per line, so that each can be added on its own).
COMMAND_MODULES: tuple[str, ...] = (
    "cli.sweep",
    "cli.report",
    "cli.app_command",
    "cli.workshop_command",
    "cli.evidence",
)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``wijksim`` command."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (ScenarioError, EvidenceError) as error:
        print("\n".join(error.problems), file=sys.stderr)
    except ParameterError as error:
        for path, message in error.problems:
            print(f"command line: {path}: {message}", file=sys.stderr)
    except (UsageError, ValueError) as error:
        print(f"wijksim {args.command}: {error}", file=sys.stderr)
    except FileNotFoundError as error:
        print(f"wijksim {args.command}: no such file: {error.filename}", file=sys.stderr)
    except OSError as error:  # unwritable output, a full disk, a folder where a file should be
        where = f" {error.filename}" if error.filename else ""
        print(f"wijksim {args.command}: cannot use{where}: {error.strerror or error}",
              file=sys.stderr)
        # a run that failed on the way (disk full, I/O error) is 1; a path that cannot be used
        # (no permission, read-only, not a folder) is bad input, 2
        return 1 if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO) else 2
    except KeyboardInterrupt:
        print(f"wijksim {args.command}: interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
