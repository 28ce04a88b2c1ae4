"""The wijksim command line: simulate care and civil society in a Dutch neighbourhood.

Every sub-command is listed by ``wijksim --help``. Bad input (a scenario file with an unknown
key, a value out of bounds, malformed YAML, a bad option) is reported as ``file:line: message``
lines with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

import pandas as pd

from wijksim import api
from wijksim.analysis.municipal import COMPARE_OUTCOMES, MAP_OUTCOMES, behind
from wijksim.analysis.summary import (
    scenario_table,
    summarise_run,
    unit_of_summary,
)
from wijksim.cli.options import non_negative_int, positive_float, positive_int, setting
from wijksim.experiments.evidence import EvidenceError
from wijksim.experiments.municipality import (
    compare_municipality,
    municipal_summary,
    run_municipality,
)
from wijksim.experiments.neighbourhood_shapes import read_shapes
from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
from wijksim.experiments.results_file import write_run_table
from wijksim.experiments.runner import RunSpec, run_one, save_run
from wijksim.experiments.scenarios import (
    ScenarioError,
    baseline_yaml,
    load_scenario,
    shipped_scenarios,
)
from wijksim.sim.outcomes import OUTCOME_BY_NAME
from wijksim.sim.params import ParameterError, parameter_table

HEADLINE = list(api.HEADLINE)


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


FORMATS = ("table", "csv", "json")


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table for people (default); csv or json for scripts: only the "
                        "data goes to standard output, full precision, notes to standard error")


def version_text() -> str:
    """The package version and the model's source hash (what result keys depend on)."""
    from importlib import metadata

    from wijksim.experiments.provenance import model_source_hash

    try:
        version = metadata.version("wijksim")
    except metadata.PackageNotFoundError:
        version = "not installed"
    return f"wijksim {version} (model source sim-{model_source_hash()})"


class _VersionAction(argparse.Action):
    """``--version``: computed only when asked (it reads the model's source)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all sub-commands."""
    parser = argparse.ArgumentParser(
        prog="wijksim", description=__doc__.split("\n\n")[0].replace("\n", " "),
        epilog="Run `wijksim COMMAND --help` for the options of one command.")
    parser.add_argument("--version", action=_VersionAction,
                        help="show the version and the model's source hash, and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="run one scenario and write its outcomes")
    run.add_argument("scenario", type=Path, help="scenario file (YAML), e.g. "
                     "scenarios/generalist_teams.yaml")
    _add_run_options(run, seeds=False)
    run.add_argument("--out", type=Path, default=Path("results/runs"),
                     help="folder for the weekly table (Parquet) and its manifest "
                     "(default results/runs)")
    run.add_argument("--municipality", type=Path, default=None, metavar="TABLE.csv",
                     help="run every neighbourhood of a neighbourhood table (docs/"
                     "municipality.md), stepped together: they share the specialist providers "
                     "and one budget; outcomes per neighbourhood and for the municipality")
    run.add_argument("--geojson", type=Path, default=None, metavar="MAP.geojson",
                     help="with --municipality: draw the map from these neighbourhood shapes "
                     "(GeoJSON; features matched to the table by a property holding its codes) "
                     "instead of schematic tiles")
    _add_format(run)
    compare = sub.add_parser("compare", help="paired differences of B minus A on shared seeds")
    compare.add_argument("a", type=Path, help="reference scenario file (A)")
    compare.add_argument("b", type=Path, help="scenario file compared with it (B)")
    _add_run_options(compare, seeds=True)
    compare.add_argument("--municipality", type=Path, default=None, metavar="TABLE.csv",
                         help="compare in every neighbourhood of a neighbourhood table, stepped "
                         "together, and in the municipality (docs/municipality.md)")
    compare.add_argument("--from-week", type=non_negative_int, default=None, metavar="WEEK",
                         help="branch here: run A to this week, continue B from A's state "
                         "there (same random streams), compare the weeks after it")
    _add_format(compare)
    validate = sub.add_parser("validate", help="check scenario files and neighbourhood tables")
    validate.add_argument("files", type=Path, nargs="+",
                          help="scenario files (.yaml) or neighbourhood tables (.csv) to check")
    overview = sub.add_parser("overview", help="every shipped scenario on a few seeds: table "
                              "and cost-versus-wellbeing chart")
    overview.add_argument("--scenarios", type=Path, default=Path("scenarios"),
                          help="folder of scenario files (default scenarios)")
    _add_run_options(overview, seeds=True)
    overview.add_argument("--out", type=Path, default=Path("results/overview"),
                          help="folder for the chart and the tables (default results/overview)")
    _add_format(overview)
    params = sub.add_parser("params", help="list parameters, or regenerate baseline.yaml")
    params.add_argument("--write-baseline", type=Path, nargs="?", const=Path(
        "scenarios/baseline.yaml"), default=None, metavar="FILE",
        help="write the baseline file from the code (default scenarios/baseline.yaml)")
    _add_format(params)
    completion = sub.add_parser(
        "completion", help="print a shell completion script, e.g. "
        "`wijksim completion bash > ~/.local/share/bash-completion/completions/wijksim`")
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"), help="the shell")
    for module in command_modules():
        COMMANDS.update(module.register(sub))
    return parser


def command_modules() -> list:
    """Modules that add sub-commands: each has ``register(subparsers) -> {name: handler}``."""
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


def readable(value: float) -> str:
    """A number for people: about three significant figures, thousands separated."""
    if pd.isna(value):
        return "-"
    size = abs(value)
    if size >= 100 or size == 0:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}"


def _format_table(table: pd.DataFrame) -> str:
    return table.to_string(index=False, float_format=readable)


def emit(table: pd.DataFrame, fmt: str, *, title: str = "") -> None:
    """Print a table as text for people, or as CSV or JSON records for scripts.

    In csv and json only the data goes to standard output; the title goes to standard error.
    """
    if fmt == "csv":
        print(table.to_csv(index=False), end="")
    elif fmt == "json":
        print(table.to_json(orient="records", indent=1, double_precision=15))
    else:
        if title:
            print(title)
        print(_format_table(table))
        return
    if title:
        print(title, file=sys.stderr)


def note(args, text: str) -> None:
    """A line for people: standard output for tables, standard error for csv and json."""
    print(text, file=sys.stdout if getattr(args, "format", "table") == "table" else sys.stderr)


def _progress(items: list, description: str, unit: str = "run"):
    """Items with a progress bar on standard error when it is a terminal."""
    from tqdm import tqdm

    return tqdm(items, desc=description, unit=unit, disable=not sys.stderr.isatty(),
                leave=False)


def _labelled(names: list[str]) -> list[str]:
    return [f"{OUTCOME_BY_NAME[n].label} [{unit_of_summary(n)}]" for n in names]


def command_run(args) -> int:
    """``wijksim run``: one scenario, one seed; summary table, Parquet and manifest."""
    scenario = load_scenario(args.scenario)
    if args.geojson is not None and args.municipality is None:
        raise UsageError("--geojson draws a municipality's map: give --municipality TABLE.csv "
                         "too")
    if args.municipality is not None:
        return _run_municipality(scenario, args)
    _note_targets(scenario)
    spec = RunSpec.make(scenario, seed=args.seed, years=args.years, overrides=_overrides(args))
    for week in spec.changes_after_the_end():
        print(f"note: the dated change at week {week} comes after the end of the run "
              f"({spec.weeks} weeks) and has no effect; use a longer --years", file=sys.stderr)
    weeks = (lambda steps: _progress(list(steps), "weeks", unit="week")) \
        if sys.stderr.isatty() else None
    table = run_one(spec, progress=weeks)
    table_path, manifest_path = save_run(spec, table, args.out)
    summary = summarise_run(table)
    names = list(summary.index)
    shown = pd.DataFrame({"outcome": names if args.format != "table" else _labelled(names),
                          "unit": [unit_of_summary(n) for n in names], "value": summary.values})
    if args.format == "table":
        shown = shown.drop(columns="unit")
    emit(shown, args.format, title=f"{scenario.title} ({scenario.name}), seed {spec.seed}, "
         f"{spec.weeks} weeks, {int(table['residents'].iloc[-1])} residents")
    note(args, f"\nwrote {table_path} and {manifest_path}")
    return 0


def _compare_municipality(a, b, args) -> int:
    """``wijksim compare A B --municipality TABLE.csv``: B - A per neighbourhood."""
    if a.name == b.name:
        raise UsageError(f"both scenarios are named {a.name!r}; compare two different ones")
    table = read_neighbourhood_table(args.municipality)
    tick = (lambda seeds: _progress(seeds, "seeds", unit="seed")) if sys.stderr.isatty() \
        else None
    branch = f", B branched from A at week {args.from_week}" if args.from_week is not None \
        else ""
    long = compare_municipality(a, b, table, seeds=list(range(1, args.seeds + 1)),
                                years=args.years, outcomes=list(COMPARE_OUTCOMES),
                                overrides=_overrides(args), progress=tick,
                                from_week=args.from_week)
    names = {n.code: n.name for n in table}
    long.insert(1, "name", [names.get(code, "") for code in long["neighbourhood"]])
    emit(long.rename(columns={"low": "95% low", "high": "95% high"}), args.format,
         title=f"{b.name} minus {a.name} in {args.municipality.name}, per neighbourhood and "
         f"the municipality, {args.seeds} seeds paired, {args.years:g} years{branch} (flows "
         "per resident per year)")
    return 0


def _note_targets(scenario) -> None:
    """Say that a scenario's changes for some neighbourhoods play no part in this run."""
    if scenario.targets:
        print(f"note: {scenario.source}: its neighbourhoods: changes apply only in a "
              "municipality run (wijksim run ... --municipality TABLE.csv); this run leaves "
              "them out", file=sys.stderr)


def _run_municipality(scenario, args) -> int:
    """``wijksim run --municipality TABLE.csv``: every neighbourhood of the table."""
    table = read_neighbourhood_table(args.municipality)
    # the shapes are read before the run, so that a bad file costs no run
    shapes = read_shapes(args.geojson, [n.code for n in table]) if args.geojson else None
    if shapes is not None and shapes.missing:
        note(args, f"{args.geojson.name} has no shape for {len(shapes.missing)} of the "
             f"neighbourhoods ({', '.join(shapes.missing[:5])}"
             f"{', ...' if len(shapes.missing) > 5 else ''}): they are left off the map")
    tick = (lambda pairs: _progress(pairs, "neighbourhoods", unit="neighbourhood")) \
        if sys.stderr.isatty() else None
    weekly = run_municipality(scenario, table, seed=args.seed, years=args.years,
                              overrides=_overrides(args), progress=tick)
    summary = municipal_summary(weekly)
    stem = f"{scenario.name}_{args.municipality.stem}_seed{args.seed}"
    args.out.mkdir(parents=True, exist_ok=True)
    weekly_path, summary_path = args.out / f"{stem}.parquet", args.out / f"{stem}.csv"
    write_run_table(weekly_path, weekly, {"scenario": scenario.name,
                                          "scenario_file": scenario.source,
                                          "municipality_file": str(args.municipality),
                                          "seed": args.seed, "years": args.years})
    summary.to_csv(summary_path, index=False)
    names = {n.code: n.name for n in table}
    map_path = args.out / f"{stem}_map.png"
    _draw_map(summary, names, shapes, f"{scenario.name} in {args.municipality.name}",
              map_path)
    shown = summary[["neighbourhood", "residents", *HEADLINE]].copy()
    shown.insert(1, "name", [names.get(code, "") for code in shown["neighbourhood"]])
    emit(shown, args.format, title=f"{scenario.title} ({scenario.name}) in "
         f"{args.municipality.name}, seed {args.seed}, {args.years:g} years: "
         "per neighbourhood (flows per resident per year) and the municipality")
    note(args, "\n" + behind(summary, names))
    note(args, f"\nwrote {weekly_path}, {summary_path} and {map_path}")
    return 0


def _draw_map(summary: pd.DataFrame, names: dict[str, str], shapes, title: str,
              path: Path) -> None:
    """The map of a municipality run: outlines from GeoJSON when given, else schematic tiles."""
    from wijksim.analysis.plots import neighbourhood_choropleth, neighbourhood_map  # matplotlib

    labels = {o: OUTCOME_BY_NAME[o].label for o in MAP_OUTCOMES}
    if shapes is None:
        figure = neighbourhood_map(summary, list(MAP_OUTCOMES), labels, names, title=f"{title} "
                                   "(schematic: tiles in table order, not geography)")
    else:
        figure = neighbourhood_choropleth(summary, list(MAP_OUTCOMES), labels, shapes.rings, names,
                                          title=title)
    figure.savefig(path, dpi=110)


def _run_many(scenarios, seeds: int, args) -> pd.DataFrame:
    tick = (lambda specs: _progress(specs, "runs")) if sys.stderr.isatty() else None
    return pd.concat([api.run(scenario, seeds=seeds, years=args.years,
                              changes=_overrides(args), progress=tick)
                      for scenario in scenarios], ignore_index=True)


def command_compare(args) -> int:
    """``wijksim compare``: B minus A, paired on the same seeds."""
    a, b = load_scenario(args.a), load_scenario(args.b)  # api.compare refuses two same names
    if args.municipality is not None:
        return _compare_municipality(a, b, args)
    _note_targets(a)
    _note_targets(b)
    tick = (lambda specs: _progress(specs, "runs")) if sys.stderr.isatty() else None
    table = api.compare(a, b, seeds=args.seeds, years=args.years, changes=_overrides(args),
                        outcomes=HEADLINE, progress=tick, from_week=args.from_week)
    table = table.rename(columns={"low": "95% low", "high": "95% high"})
    if args.format == "table":
        table = table.drop(columns="unit")
        table["outcome"] = _labelled(HEADLINE)
    branch = f", B branched from A at week {args.from_week}" if args.from_week is not None \
        else ""
    emit(table, args.format, title=f"{b.title} minus {a.title}: paired on seeds "
         f"1..{args.seeds}, {args.years:g} years{branch}")
    return 0


def command_validate(args) -> int:
    """``wijksim validate``: load and build every file; report every problem.

    A ``.csv`` file is a neighbourhood table (``experiments.neighbourhood_table``).
    """
    failed = 0
    for path in args.files:
        try:
            if path.suffix.lower() == ".csv":
                table = read_neighbourhood_table(path)
                print(f"{path}: ok ({len(table)} neighbourhoods, "
                      f"{sum(n.residents for n in table):,} residents)")
            else:
                load_scenario(path).build()
                print(f"{path}: ok")
        except ScenarioError as error:  # also a neighbourhood table's problems
            failed += 1
            print("\n".join(error.problems), file=sys.stderr)
        except OSError as error:
            failed += 1
            print(f"{path}: cannot be read ({error.strerror})", file=sys.stderr)
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
    from wijksim.analysis.plots import cost_vs_wellbeing  # matplotlib: only when a chart is drawn

    figure = cost_vs_wellbeing(table)
    chart = args.out / "cost_vs_wellbeing.png"
    figure.savefig(chart, dpi=120)
    title = (f"Every shipped scenario, seeds 1..{args.seeds}, {args.years:g} years; mean and "
             "95% interval over the seeds")
    if args.format == "table":
        print(title)
        print(compact_overview(table))
    else:
        emit(table, args.format, title=title)
    note(args, f"\nall outcomes with intervals: {args.out / 'scenarios.csv'}\n"
         f"per run: {args.out / 'runs.csv'}\nchart: {chart}")
    return 0


# the overview's columns on screen: outcome, short header, unit line
COMPACT = (("cost_total", "cost", "EUR/res/yr"), ("wellbeing_mean", "wellbeing", "0-10"),
           ("wellbeing_p10", "p10", "0-10"), ("unmet_need_hours", "unmet need", "h/res/yr"),
           ("share_carers_overloaded", "overloaded", "share"))


def compact_overview(table: pd.DataFrame) -> str:
    """One line per scenario, five headline outcomes as "mean ±half-width", under 100 columns."""
    rows = [["scenario", *(header for _, header, _ in COMPACT)],
            ["", *(f"[{unit}]" for _, _, unit in COMPACT)]]
    for _, row in table.iterrows():
        rows.append([str(row["scenario"])[:26], *(
            f"{readable(row[name])} ±{readable((row[f'{name}_hi'] - row[f'{name}_lo']) / 2)}"
            for name, _, _ in COMPACT)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                               for i, (cell, width) in enumerate(zip(row, widths, strict=True)))
                     for row in rows)


def command_params(args) -> int:
    """``wijksim params``: list every parameter, or write baseline.yaml from the code."""
    if args.write_baseline is not None:
        args.write_baseline.write_text(baseline_yaml(), encoding="utf-8")
        print(f"wrote {args.write_baseline}")
        return 0
    infos = list(parameter_table().values())
    if args.format != "table":
        emit(pd.DataFrame([{"path": i.path, "default": i.default, "unit": i.unit, "low": i.lo,
                            "high": i.hi, "kind": i.kind, "role": i.role, "label": i.label,
                            "source": i.source} for i in infos]), args.format)
        return 0
    for info in infos:
        bounds = "" if info.lo is None else f" [{info.lo:g}, {info.hi:g}]"
        print(f"{info.path} = {info.default!r} {info.unit}{bounds}: {info.label} "
              f"(source: {info.source})")
    return 0


# What Ctrl-C leaves behind, per command (sweeps say it themselves: they resume)
INTERRUPTED = {
    "run": "; nothing was written (results are written when the run ends); run the same "
           "command again to start over",
    "compare": "; nothing was written; run the same command again to start over",
    "overview": "; nothing was written; run the same command again to start over",
}


def command_completion(args) -> int:
    """``wijksim completion SHELL``: print a completion script for the shell (shtab)."""
    import shtab

    print(shtab.complete(build_parser(), shell=args.shell))
    return 0


COMMANDS = {"run": command_run, "compare": command_compare, "validate": command_validate,
            "overview": command_overview, "params": command_params,
            "completion": command_completion}

# Sub-command modules (one per line, so that each can be added on its own).
COMMAND_MODULES: tuple[str, ...] = (
    "wijksim.cli.sweep",
    "wijksim.cli.report",
    "wijksim.cli.app_command",
    "wijksim.cli.workshop_command",
    "wijksim.cli.evidence",
    "wijksim.cli.results_command",
    "wijksim.cli.robustness_command",
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
        print(f"wijksim {args.command}: interrupted{INTERRUPTED.get(args.command, '')}",
              file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
