"""The comparison report of a sweep: tables and figures from a results directory.

A results directory (written by the sweep runner) holds ``runs/<key>.parquet`` (the per-week
outcomes of one run, with ``scenario``, ``seed``, ``week``, every declared outcome and, for a
design, ``point_id`` and one column per varied parameter), ``runs/<key>.error.json`` for runs
that failed, ``design.parquet`` (one row per planned run) and ``manifest.json`` (provenance and
the design: its kind, the varied parameters and, for Sobol designs, the SALib problem and N).

The functions here are pure: tables in, tables or figures out (no model runs). Only
:func:`load_results` reads files and only :func:`build_report` writes them: ``report.md`` and a
self-contained ``report.html`` with the same content, PNG figures in ``figures/`` and every table
as CSV in ``tables/``. Failed and missing runs are counted and listed, never dropped silently.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from wijksim.analysis import plots
from wijksim.analysis.document import Document, number
from wijksim.analysis.summary import (
    paired_differences,
    scenario_table,
    summarise_run,
    unit_of_summary,
)
from wijksim.sim.outcomes import COST_CATEGORIES, OUTCOME_BY_NAME, OUTCOMES

REFERENCE = "baseline"
WELLBEING_POINT = 0.1  # one wellbeing point: a tenth of a point of life satisfaction (0-10)
RUN_COLUMNS = ["key", "scenario", "seed", "point_id"]
PAIR_ON = ("seed", "point_id")
SECTIONS = {
    "Public cost (informal care not included)": ["cost_total", *COST_CATEGORIES,
                                                 "budget_balance"],
    "The same care under each contract form (the choice decides the answer)": [
        "cost_total_per_hour", "cost_total_per_client", "cost_total_capacity",
        "budget_binding"],
    "Wellbeing": ["wellbeing_mean", "wellbeing_p10", "share_low_wellbeing"],
    "Need and services": ["unmet_need_hours", "share_unmet_need", "waiting", "waiting_weeks",
                          "professionals_per_mph"],
    "Informal care (its shadow value is shown here, never added to the cost)": [
        "informal_hours", "informal_shadow_value", "share_carers", "share_carers_overloaded"],
}
REPORTED = [name for names in SECTIONS.values() for name in names]
HEADLINE = ["cost_total", "wellbeing_mean", "wellbeing_p10", "share_low_wellbeing",
            "unmet_need_hours", "informal_hours", "share_carers_overloaded", "waiting_weeks",
            "professionals_per_mph"]
DISTRIBUTION = ["wellbeing_mean", "wellbeing_p10", "wellbeing_no_network",
                "wellbeing_multi_problem", "share_low_wellbeing"]
TIME_SERIES = ["cost_total", "wellbeing_mean", "unmet_need_hours", "informal_hours",
               "share_carers_overloaded", "waiting"]
SOBOL_OUTCOMES = ["cost_total", "wellbeing_mean", "wellbeing_p10", "unmet_need_hours"]
_OUTCOME_NAMES = {outcome.name for outcome in OUTCOMES}
_NON_PARAMETERS = {"scenario", "seed", "week", "point_id", "key", "start_state",
                   "code_version", *_OUTCOME_NAMES}


class NoRunsError(ValueError):
    """The results directory holds no finished run to report on."""


@dataclass
class Results:
    """Everything read from a results directory.

    Attributes:
        summary: One row per finished run: key, scenario, seed, point_id, the varied
            parameters and every outcome summarised as in ``analysis.summary.summarise_run``.
        series: Weekly values of the ``TIME_SERIES`` outcomes per run (flows per resident).
        parameters: Names of the varied parameters (dotted), in table order.
        failures: One row per failed run: key and the error's first line.
        missing: Keys planned in ``design.parquet`` with neither a result nor an error.
        manifest: The experiment manifest (empty if there is none).
        stale: Result or error files of keys not in ``design.parquet`` (an earlier design in
            the same directory); they are left out.
        code_versions: Code version (model source hash and packages) -> number of runs, read
            from each run file's metadata ("not recorded" for files written before it was).
    """

    summary: pd.DataFrame
    series: pd.DataFrame
    parameters: list[str]
    failures: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    stale: int = 0
    code_versions: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- reading


def load_results(results_dir: Path | str) -> Results:
    """Read a results directory: summarise each run file as it is read (memory stays small).

    Args:
        results_dir: Directory with ``runs/``, and optionally ``design.parquet`` and
            ``manifest.json``.

    Returns:
        The run summaries, weekly series, failures and manifest.

    Raises:
        NoRunsError: If there is no finished run (failures alone are not enough).
    """
    results_dir = Path(results_dir)
    runs_dir = results_dir / "runs"
    design = _read_design(results_dir / "design.parquet")
    paths = sorted(p for p in runs_dir.glob("*.parquet") if not p.name.startswith("."))
    failures = _read_failures(runs_dir, {p.stem for p in paths})
    stale = 0
    if design is not None:
        planned = set(design["key"])
        stale = sum(p.stem not in planned for p in paths) + int((~failures["key"].isin(
            planned)).sum())
        paths = [p for p in paths if p.stem in planned]
        failures = failures[failures["key"].isin(planned)]
    runs, unreadable = _read_runs(paths)
    failures = pd.concat([failures, unreadable], ignore_index=True)
    if not runs:
        raise NoRunsError(f"no finished runs in {runs_dir} ({len(failures)} failed)")
    rows, series = zip(*runs, strict=True)
    summary = pd.DataFrame(list(rows)).reset_index(drop=True).infer_objects()
    series = pd.concat(series, ignore_index=True)
    if design is not None and design["key"].duplicated().any():
        summary, series = _expand_shared(summary, design), _expand_shared(series, design)
    code_versions = summary["code_version"].value_counts().to_dict()
    summary = summary.drop(columns="code_version")
    parameters = [c for c in summary.columns if c not in _NON_PARAMETERS]
    summary = summary[[*RUN_COLUMNS, *parameters, *(o.name for o in OUTCOMES)]]
    done = set(summary["key"]) | set(failures["key"])
    missing = [] if design is None else sorted(set(design["key"]) - done)
    return Results(summary, series, parameters, failures, missing,
                   _read_manifest(results_dir / "manifest.json"), stale, code_versions)


def _read_design(path: Path) -> pd.DataFrame | None:
    return pd.read_parquet(path) if path.exists() else None


def _expand_shared(table: pd.DataFrame, design: pd.DataFrame) -> pd.DataFrame:
    """Give each design row that shares a result file its own copy of the rows.

    Design rows with identical inputs (e.g. integer parameters rounded to the same value)
    share one result file; each gets its own scenario, point and parameter values.
    """
    own = [c for c in design.columns if c in table.columns and c != "key"]
    return table.drop(columns=own).merge(design[["key", *own]], on="key")


def _read_runs(paths: list[Path]) -> tuple[list, pd.DataFrame]:
    """Read each run file; a file that cannot be read counts as a failed run."""
    runs, unreadable = [], []
    for path in paths:
        try:
            runs.append(_read_run(path))
        except (OSError, ValueError, KeyError, IndexError) as error:
            unreadable.append({"key": path.stem, "error": f"unreadable result file: {error}"})
    return runs, pd.DataFrame(unreadable, columns=["key", "error"])


def _read_run(path: Path) -> tuple[pd.Series, pd.DataFrame]:
    arrow = pq.read_table(path)
    table = arrow.to_pandas()
    metadata = json.loads((arrow.schema.metadata or {}).get(b"wijksim", b"{}"))
    if "point_id" not in table.columns:
        table["point_id"] = 0
    first = table.iloc[0]
    ids = {"key": path.stem, "scenario": first["scenario"], "seed": int(first["seed"]),
           "point_id": int(first["point_id"]),
           "code_version": metadata.get("provenance", {}).get("code_version", "not recorded")}
    parameters = {c: first[c] for c in table.columns  # varied parameters have dotted names
                  if c not in _NON_PARAMETERS and "." in c}
    row = pd.concat([pd.Series(ids | parameters, dtype=object), summarise_run(table)])
    weeks = table[table["week"] >= 1]
    series = weeks[["scenario", "seed", "point_id", "week"]].assign(key=path.stem)
    for name in TIME_SERIES:
        per_resident = OUTCOME_BY_NAME[name].aggregation == "sum"
        series[name] = weeks[name] / weeks["residents"] if per_resident else weeks[name]
    return row, series


def _read_failures(runs_dir: Path, finished: set[str]) -> pd.DataFrame:
    rows = []
    for path in sorted(runs_dir.glob("*.error.json")):
        key = path.name.removesuffix(".error.json")
        if key not in finished:  # a run that failed once and later succeeded counts as done
            rows.append({"key": key, "error": _error_text(path)})
    return pd.DataFrame(rows, columns=["key", "error"])


def _error_text(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"unreadable error file: {error}"
    if isinstance(info, dict):
        for name in ("error", "message", "exception", "traceback"):
            if info.get(name):
                info = info[name]
                break
    text = str(info).strip().splitlines()
    return text[-1][:300] if text else "(no message)"


def _read_manifest(path: Path) -> dict:
    """The sweep's manifest ({} if there is none); a damaged one is a ValueError naming it."""
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not readable as JSON ({error})") from None
    if not isinstance(manifest, dict):
        raise ValueError(f"{path}: expected a JSON object (a sweep's manifest), found "
                         f"{type(manifest).__name__}")
    return manifest


# --------------------------------------------------------------------------- tables


def label(name: str) -> str:
    """An outcome's label with the unit of its per-run summary, e.g. ``Unmet need [h ...]``."""
    return f"{OUTCOME_BY_NAME[name].label} [{unit_of_summary(name)}]"


def series_label(name: str) -> str:
    """An outcome's label with the unit of its weekly value (flows per resident)."""
    outcome = OUTCOME_BY_NAME[name]
    unit = f"{outcome.unit} per resident" if outcome.aggregation == "sum" else outcome.unit
    return f"{outcome.label} [{unit}]"


def scenarios_of(summary: pd.DataFrame, outcomes: list[str] = REPORTED,
                 by_point: bool = False) -> pd.DataFrame:
    """Mean and 95% interval of each outcome per scenario (or per scenario and design point).

    Args:
        summary: Run summaries (``Results.summary``).
        outcomes: Outcome names.
        by_point: Group by scenario and design point instead of scenario alone.

    Returns:
        One row per group with ``runs`` and per outcome ``<name>``, ``_lo`` and ``_hi``.
    """
    by = ("scenario", "point_id") if by_point else ("scenario",)
    return scenario_table(summary, outcomes, by=by)


def differences(summary: pd.DataFrame, outcomes: list[str] = REPORTED,
                reference: str = REFERENCE, by_point: bool = False) -> pd.DataFrame:
    """Each scenario minus the reference, paired on seed and design point, with 95% intervals.

    See ``analysis.summary.paired_differences``; ``by_point`` gives one row per design point.
    """
    by = ("scenario", "point_id") if by_point else ("scenario",)
    return paired_differences(summary, outcomes, reference, pair_on=PAIR_ON, by=by)


def cost_effectiveness(diffs: pd.DataFrame, cost: str = "cost_total",
                       wellbeing: str = "wellbeing_mean") -> pd.DataFrame:
    """Cost per wellbeing point gained against the reference (Δcost / Δwellbeing).

    A ratio is given only when wellbeing improves and cost rises; otherwise the ratio is NaN
    and a note says what happened ("costs more and does worse", "saves money and does
    worse", "saves money and does better"), because a ratio would mislead there.

    Args:
        diffs: Paired differences (from :func:`differences`) with the cost and wellbeing
            columns and their bounds.
        cost: Cost outcome (EUR per resident per year).
        wellbeing: Wellbeing outcome (life satisfaction, 0-10).

    Returns:
        Per scenario: Δcost, Δwellbeing in points (with bounds), the ratio and a note.
    """
    rows = []
    for _, row in diffs.iterrows():
        d_cost, d_points = row[cost], row[wellbeing] / WELLBEING_POINT
        ratio, note = _ratio_and_note(d_cost, d_points)
        if not np.isnan(row[f"{wellbeing}_lo"]) and row[f"{wellbeing}_lo"] <= 0 <= row[
                f"{wellbeing}_hi"]:
            note += " (the 95% interval of the wellbeing difference includes zero)"
        rows.append({"scenario": row["scenario"], "delta_cost": d_cost,
                     "delta_cost_lo": row[f"{cost}_lo"], "delta_cost_hi": row[f"{cost}_hi"],
                     "delta_wellbeing_points": d_points,
                     "delta_wellbeing_points_lo": row[f"{wellbeing}_lo"] / WELLBEING_POINT,
                     "delta_wellbeing_points_hi": row[f"{wellbeing}_hi"] / WELLBEING_POINT,
                     "cost_per_point": ratio, "note": note})
    return pd.DataFrame(rows)


def _ratio_and_note(d_cost: float, d_points: float) -> tuple[float, str]:
    cost = "costs more" if d_cost > 0 else "saves money" if d_cost < 0 else "costs the same"
    wellbeing = ("does better" if d_points > 0 else "does worse" if d_points < 0
                 else "does no better")
    ratio = d_cost / d_points if d_cost > 0 and d_points > 0 else float("nan")
    return ratio, f"{cost} and {wellbeing}"


def frontier(table: pd.DataFrame, cost: str = "cost_total",
             wellbeing: str = "wellbeing_mean") -> pd.DataFrame:
    """Mark Pareto-dominated scenarios on cost (lower is better) and wellbeing (higher).

    A scenario is dominated iff another costs no more and does no worse, and is strictly
    cheaper or strictly better.

    Args:
        table: One row per scenario with the cost and wellbeing columns (means).
        cost: Cost column.
        wellbeing: Wellbeing column.

    Returns:
        A copy of the table with ``dominated`` (bool) and ``dominated_by`` (names).
    """
    out = table.copy()
    c, w = out[cost].to_numpy(), out[wellbeing].to_numpy()
    names = out["scenario"].tolist()
    by = []
    for i in range(len(out)):
        better = (c <= c[i]) & (w >= w[i]) & ((c < c[i]) | (w > w[i]))
        by.append(", ".join(n for n, b in zip(names, better, strict=True) if b))
    out["dominated"] = [bool(b) for b in by]
    out["dominated_by"] = by
    return out


def distribution(table: pd.DataFrame, diffs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who gains and who falls through: wellbeing by group against the mean, per scenario.

    Args:
        table: Per-scenario means (from :func:`scenarios_of`) with the ``DISTRIBUTION``
            outcomes.
        diffs: Paired differences against the reference, if there is one: the gain of each
            group is added.

    Returns:
        Per scenario: the group means, their gap to the mean and (with ``diffs``) the change
        against the reference for the whole population and for each group.
    """
    out = table[["scenario", *DISTRIBUTION]].copy()
    for group in ("wellbeing_no_network", "wellbeing_multi_problem", "wellbeing_p10"):
        out[f"gap_{group}"] = out[group] - out["wellbeing_mean"]
    if diffs is not None and not diffs.empty:
        change = diffs.set_index("scenario")[DISTRIBUTION[:4]].add_prefix("change_")
        out = out.join(change, on="scenario")
    return out


def time_series(series: pd.DataFrame, outcomes: list[str] = TIME_SERIES, low: float = 0.1,
                high: float = 0.9) -> pd.DataFrame:
    """Per scenario and week: mean across runs and a ``low``-``high`` quantile band.

    Args:
        series: Weekly values per run (``Results.series``).
        outcomes: Outcome columns.
        low: Lower quantile of the band.
        high: Upper quantile of the band.

    Returns:
        Columns ``scenario``, ``week``, ``runs`` and per outcome ``<name>``, ``_lo``, ``_hi``.
    """
    grouped = series.groupby(["scenario", "week"], sort=False)
    out = grouped.size().rename("runs").to_frame()
    for name in outcomes:
        out[name] = grouped[name].mean()
        out[f"{name}_lo"] = grouped[name].quantile(low)
        out[f"{name}_hi"] = grouped[name].quantile(high)
    return out.reset_index().sort_values(["scenario", "week"], kind="stable")


def sobol_indices(summary: pd.DataFrame, problem: dict, outcomes: list[str] = SOBOL_OUTCOMES,
                  n_base: int | None = None, calc_second_order: bool | None = None,
                  seed: int = 1) -> pd.DataFrame:
    """Sobol indices (SALib) of each outcome's per-run summary, per scenario.

    Replications of a design point are averaged first; the points must be SALib's sample in
    its order (``point_id`` = row index of ``SALib.sample.sobol.sample``).

    Args:
        summary: Run summaries with ``scenario``, ``point_id`` and the outcomes.
        problem: The SALib problem dict (``num_vars``, ``names``, ``bounds``).
        outcomes: Outcomes to analyse.
        n_base: The base sample size N of the design, if known.
        calc_second_order: Whether the sample includes second-order rows; inferred from the
            number of points when not given.
        seed: Seed of SALib's bootstrap for the confidence intervals.

    Returns:
        Columns scenario, outcome, parameter, S1, S1_conf, ST, ST_conf.

    Raises:
        ValueError: If design points are missing (e.g. failed runs) or the count does not
            fit a Sobol sample of this problem.
    """
    from SALib.analyze import sobol

    rows = []
    for scenario, group in summary.groupby("scenario", sort=False):
        means = group.groupby("point_id")[outcomes].mean()
        order, size = _sobol_size(int(means.index.max()) + 1, problem["num_vars"], n_base,
                                  calc_second_order)
        expected = range(size)
        lacking = sorted(set(expected) - set(means.index))
        if lacking:
            raise ValueError(f"{scenario}: {len(lacking)} design points have no finished run "
                             f"(e.g. {lacking[:5]}); Sobol indices need every point")
        for name in outcomes:
            y = means[name].reindex(expected).to_numpy(dtype=float)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = sobol.analyze(problem, y, calc_second_order=order, seed=seed)
            for i, parameter in enumerate(problem["names"]):
                rows.append({"scenario": scenario, "outcome": name, "parameter": parameter,
                             **{k: float(result[k][i])
                                for k in ("S1", "S1_conf", "ST", "ST_conf")}})
    return pd.DataFrame(rows)


def _sobol_size(points: int, num_vars: int, n_base: int | None,
                given: bool | None) -> tuple[bool, int]:
    """Second order or not, and the size of the Sobol sample.

    The size comes from N when known, else from the highest point id seen.
    """
    first, second = num_vars + 2, 2 * num_vars + 2
    if n_base:
        order = bool(given) if given is not None else points > n_base * first
        size = n_base * (second if order else first)
        if points > size:
            raise ValueError(f"{points} design points exceed a Sobol sample of N={n_base}")
        return order, size
    if given is not None and points % (second if given else first) == 0:
        return bool(given), points
    if given is None and points % second == 0:
        return True, points
    if given is None and points % first == 0:
        return False, points
    raise ValueError(f"{points} design points do not form a Sobol sample of {num_vars} "
                     "parameters")


def design_info(manifest: dict) -> dict:
    """The design as the manifest describes it: kind, SALib problem, N and second order.

    Looks for a ``design`` entry (a kind string or a dict with ``kind``) and searches the
    manifest for the SALib problem dict, so small differences of layout do not matter.
    """
    design = manifest.get("design")
    kind = design.get("kind") if isinstance(design, dict) else design
    kind = kind or manifest.get("design_kind") or manifest.get("kind") or "none"
    return {"kind": str(kind), "problem": _find(manifest, _is_problem),
            "N": _find_key(manifest, "N") or _find_key(manifest, "samples"),
            "calc_second_order": _find_key(
                manifest, "calc_second_order")}


def _is_problem(value) -> bool:
    return isinstance(value, dict) and {"num_vars", "names", "bounds"} <= set(value)


def _find(value, test):
    if test(value):
        return value
    children = value.values() if isinstance(value, dict) else value if isinstance(
        value, list) else []
    for child in children:
        found = _find(child, test)
        if found is not None:
            return found
    return None


def _find_key(manifest: dict, key: str):
    holder = _find(manifest, lambda v: isinstance(v, dict) and key in v)
    return None if holder is None else holder[key]


def headline_table(table: pd.DataFrame, outcomes: list[str] = HEADLINE[:5]) -> pd.DataFrame:
    """A short table for a terminal: runs and a few headline means per scenario.

    Takes a per-scenario table such as ``tables/scenarios.csv``; columns are named by label.
    """
    shown = table[["scenario", "runs", *outcomes]]
    return shown.rename(columns={name: OUTCOME_BY_NAME[name].label for name in outcomes})


# --------------------------------------------------------------------------- formatting


def _interval(mean, lo, hi, signed: bool = False) -> str:
    text = number(mean)
    if signed and not np.isnan(mean) and mean > 0:
        text = "+" + text
    if np.isnan(lo) or np.isnan(hi):
        return text
    return f"{text} ({number(lo)} to {number(hi)})"


def outcome_rows(table: pd.DataFrame, outcomes: list[str], signed: bool = False) -> pd.DataFrame:
    """Outcomes as rows (label and unit) and scenarios as columns, cells ``mean (lo to hi)``.

    Args:
        table: Per-scenario table with ``<name>``, ``_lo``, ``_hi`` columns.
        outcomes: Outcome names, in row order.
        signed: Prefix positive values with ``+`` (for differences).

    Returns:
        A table of strings ready to print.
    """
    shown = {"outcome": [label(name) for name in outcomes]}
    for _, row in table.iterrows():
        shown[row["scenario"]] = [_interval(row[n], row[f"{n}_lo"], row[f"{n}_hi"], signed)
                                  for n in outcomes]
    return pd.DataFrame(shown)


# --------------------------------------------------------------------------- sections


def _section_runs(doc: Document, results: Results) -> None:
    summary = results.summary
    doc.heading("Runs")
    files = summary["key"].nunique()
    shared = f" ({files} result files; design rows with identical inputs share one)" if \
        files < len(summary) else ""
    doc.text(f"{len(summary)} finished runs{shared} of {summary['scenario'].nunique()} scenarios "
             f"({', '.join(dict.fromkeys(summary['scenario']))}), seeds "
             f"{', '.join(map(str, sorted(summary['seed'].unique())))}; "
             f"{len(results.failures)} failed; {len(results.missing)} planned but not run"
             + (f"; {results.stale} files of an earlier design left out." if results.stale
                else "."))
    if len(results.code_versions) > 1:
        counts = "; ".join(f"{version}: {runs} runs"
                           for version, runs in results.code_versions.items())
        doc.text(f"**Warning: the runs come from {len(results.code_versions)} different "
                 f"versions of the code** ({counts}). Differences between scenarios may be "
                 "differences between code versions; run the sweep again into a new folder.")
    if len(results.failures):
        doc.text(f"**{len(results.failures)} failed runs** (left out of every table below):")
        doc.table(results.failures, "failures")
    if results.missing:
        doc.text(f"Planned runs with no result yet: {', '.join(results.missing[:50])}"
                 + (" ..." if len(results.missing) > 50 else ""))
    doc.text("Flows (costs, hours) are per resident per year; levels and shares are averaged "
             "over the weeks. Intervals are 95% t-intervals of the mean across runs"
             + (" (pooled over the design points)." if results.parameters else "."))


def _section_scenarios(doc: Document, table: pd.DataFrame) -> None:
    doc.heading("Outcomes per scenario")
    doc.csv("scenarios", table)
    for title, names in SECTIONS.items():
        doc.heading(title, 3)
        doc.table(outcome_rows(table, names))
    categories = [name for name in COST_CATEGORIES if table[name].abs().sum() > 0]
    doc.figure(plots.grouped_bars(table, categories, {n: OUTCOME_BY_NAME[n].label
                                                      for n in categories},
                                  "EUR per resident per year", "Public cost by category"),
               "cost_by_category", "Public cost by category (mean and 95% interval)")


def _section_differences(doc: Document, diffs: pd.DataFrame | None, reference: str,
                         robustness: pd.DataFrame | None = None) -> None:
    doc.heading(f"Differences against {reference} (paired on the same seeds)")
    if diffs is None:
        doc.text(f"No scenario named {reference!r} among the runs: no paired differences.")
        return
    doc.text(f"Each scenario minus {reference} on the same seeds and design points: mean "
             "difference and 95% interval; pairs = number of matched runs.")
    pairs = pd.DataFrame({"outcome": ["pairs"], **{row["scenario"]: [row["pairs"]]
                                                   for _, row in diffs.iterrows()}})
    doc.table(pd.concat([pairs, outcome_rows(diffs, REPORTED, signed=True)]), "differences",
              raw=diffs)
    if robustness is not None and not robustness.empty:
        doc.text("Where a difference holds across the plausible worlds of this experiment "
                 "(`wijksim robustness`): the share of worlds in which the scenario beats "
                 f"{reference} on the outcome, with its 95% interval.")
        doc.table(robustness_beside(robustness), "robustness_beside_differences")


def robustness_beside(robustness: pd.DataFrame) -> pd.DataFrame:
    """A robustness table as outcome rows x scenario columns: "78% (64-88%) of worlds"."""
    cells = robustness.assign(holds=[f"{row.share_worlds_better:.0%} ({row.low:.0%}-"
                                     f"{row.high:.0%}) of worlds"
                                     for row in robustness.itertuples()])
    table = cells.pivot(index="outcome", columns="scenario", values="holds")
    return table.rename_axis(columns=None).reset_index()


def _section_cost_effectiveness(doc: Document, diffs: pd.DataFrame | None,
                                reference: str) -> None:
    doc.heading("Cost per wellbeing point gained")
    if diffs is None:
        doc.text("Needs a reference scenario; none among the runs.")
        return
    table = cost_effectiveness(diffs)
    doc.text(f"Δcost (EUR per resident per year) divided by Δwellbeing in points (one point = "
             f"{WELLBEING_POINT} on the 0-10 scale of life satisfaction), both against "
             f"{reference}. A ratio is given only when a scenario costs more and does better; "
             "otherwise the note says why not.")
    shown = pd.DataFrame({
        "scenario": table["scenario"],
        "Δcost [EUR/resident/year]": [_interval(*r, signed=True) for r in table[
            ["delta_cost", "delta_cost_lo", "delta_cost_hi"]].to_numpy()],
        "Δwellbeing [points]": [_interval(*r, signed=True) for r in table[
            ["delta_wellbeing_points", "delta_wellbeing_points_lo",
             "delta_wellbeing_points_hi"]].to_numpy()],
        "EUR per point gained": table["cost_per_point"].map(number),
        "note": table["note"]})
    doc.table(shown, "cost_effectiveness", raw=table)


def _section_frontier(doc: Document, table: pd.DataFrame) -> None:
    doc.heading("Cost-versus-wellbeing frontier")
    marked = frontier(table)
    doc.text("A scenario is dominated when another costs no more and does no worse on mean "
             "wellbeing (and is strictly better on one). Informal care is not in the cost.")
    shown = pd.DataFrame({"scenario": marked["scenario"],
                          label("cost_total"): marked["cost_total"],
                          label("wellbeing_mean"): marked["wellbeing_mean"],
                          "dominated": marked["dominated"],
                          "dominated by": marked["dominated_by"]})
    doc.table(shown, "frontier", raw=marked)
    doc.figure(plots.cost_vs_wellbeing(marked), "frontier",
               "Cost versus wellbeing; dominated scenarios in grey")


def _section_distribution(doc: Document, table: pd.DataFrame,
                          diffs: pd.DataFrame | None) -> None:
    doc.heading("Who gains and who falls through")
    doc.text("Mean wellbeing of residents without a network and in multi-problem households, "
             "the 10th percentile and the share with low wellbeing; gap = group minus the "
             "mean; change = paired difference against the reference (when there is one).")
    dist = distribution(table, diffs)
    shown = dist.set_index("scenario").T
    shown.index = [_distribution_label(name) for name in shown.index]
    doc.table(shown.rename_axis("measure").reset_index(), "distribution", raw=dist)
    groups = DISTRIBUTION[:4]
    doc.figure(plots.grouped_bars(table, groups, {n: OUTCOME_BY_NAME[n].label for n in groups},
                                  "Life satisfaction (0-10)", "Wellbeing by group", zero=False),
               "distribution", "Wellbeing by group per scenario (mean and 95% interval)")


def _distribution_label(column: str) -> str:
    for prefix, text in (("gap_", "gap to the mean: "), ("change_", "change against reference: ")):
        if column.startswith(prefix):
            return text + OUTCOME_BY_NAME[column.removeprefix(prefix)].label
    return label(column)


def _section_time_series(doc: Document, series: pd.DataFrame) -> None:
    doc.heading("Over time")
    bands = time_series(series)
    doc.csv("time_series", bands)
    doc.text("Weekly mean across replications with a 10-90% band; flows per resident per "
             "week (table: tables/time_series.csv).")
    doc.figure(plots.time_series_bands(bands, TIME_SERIES,
                                       {n: series_label(n) for n in TIME_SERIES}),
               "time_series", "Weekly outcomes per scenario, mean and 10-90% band")


def _section_points(doc: Document, results: Results, reference: str) -> None:
    doc.heading("Per design point")
    summary = results.summary
    points = scenarios_of(summary, HEADLINE, by_point=True)
    values = summary.groupby("point_id")[results.parameters].first()
    points = points.join(values, on="point_id")
    bounds = [c for n in HEADLINE for c in (n, f"{n}_lo", f"{n}_hi")]
    points = points[["scenario", "point_id", *results.parameters, "runs", *bounds]]
    doc.text(f"{summary['point_id'].nunique()} design points varying "
             f"{', '.join(results.parameters)}; full table with intervals in "
             "tables/design_points.csv.")
    shown = points[["scenario", "point_id", *results.parameters, "runs", *HEADLINE]]
    if len(shown) <= 60:
        doc.table(shown.rename(columns={n: label(n) for n in HEADLINE}), "design_points",
                  raw=points)
    else:
        doc.csv("design_points", points)
    if reference in set(summary["scenario"]) and summary["scenario"].nunique() > 1:
        diffs = differences(summary, HEADLINE, reference, by_point=True)
        doc.csv("design_point_differences", diffs)
        doc.text("Paired differences per design point: tables/design_point_differences.csv.")


def _section_sobol(doc: Document, results: Results, info: dict) -> None:
    doc.heading("Sensitivity (Sobol indices)")
    problem = info["problem"]
    if problem is None:
        doc.text("The manifest says sobol but holds no SALib problem: indices not computed.")
        return
    try:
        indices = sobol_indices(results.summary, problem, n_base=info["N"],
                                calc_second_order=info["calc_second_order"])
    except ValueError as error:
        doc.text(f"Sobol indices not computed: {error}")
        return
    doc.text(f"First-order (S1) and total (ST) indices with 95% bootstrap intervals, N = "
             f"{info['N'] or 'unknown'}, parameters {', '.join(problem['names'])}; "
             "replications averaged per design point. Indices above 1 or below 0, or wide "
             "intervals, mean the sample is too small for this outcome.")
    shown = indices.assign(outcome=indices["outcome"].map(label))
    doc.table(shown, "sobol", raw=indices)
    labels = {n: label(n) for n in SOBOL_OUTCOMES}
    for index, (scenario, group) in enumerate(indices.groupby("scenario", sort=False)):
        doc.figure(plots.sobol_bars(group, labels, f"Sobol indices: {scenario}"),
                   f"sobol_{index}", f"Sobol indices for {scenario}")


def _section_provenance(doc: Document, manifest: dict) -> None:
    doc.heading("Provenance")
    if not manifest:
        doc.text("No manifest.json in the results directory.")
        return
    rows = [{"item": key, "value": _short(value)} for key, value in _flatten(manifest)]
    doc.table(pd.DataFrame(rows))


def _flatten(value, prefix: str = "", depth: int = 0):
    if isinstance(value, dict) and depth < 2:
        for key, child in value.items():
            yield from _flatten(child, f"{prefix}{key}.", depth + 1)
    else:
        yield prefix.rstrip("."), value


def _short(value, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[:limit - 3] + "..."


# --------------------------------------------------------------------------- build


def build_report(results_dir: Path | str, out_dir: Path | str | None = None) -> Path:
    """Write ``report.md``, ``report.html``, ``figures/*.png`` and ``tables/*.csv``.

    Args:
        results_dir: A sweep's results directory.
        out_dir: Where to write; default ``results_dir/report``.

    Returns:
        The path of ``report.md`` (``report.html`` is beside it).

    Raises:
        NoRunsError: If the directory holds no finished run.
    """
    results = load_results(results_dir)
    out_dir = Path(out_dir) if out_dir is not None else Path(results_dir) / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    info = design_info(results.manifest)
    reference = results.manifest.get("reference") or REFERENCE
    name = results.manifest.get("experiment") or results.manifest.get("name") or Path(
        results_dir).name
    doc = Document(out_dir)
    doc.heading(f"wijksim report: {name}", 1)
    robustness_file = Path(results_dir) / "robustness" / "tables" / "robustness.csv"
    robustness = pd.read_csv(robustness_file) if robustness_file.exists() else None
    _add_sections(doc, results, info, reference, robustness)
    doc.csv("runs", results.summary)
    (out_dir / "report.md").write_text(doc.markdown(), encoding="utf-8")
    (out_dir / "report.html").write_text(doc.html(f"wijksim report: {name}"), encoding="utf-8")
    return out_dir / "report.md"


def _add_sections(doc: Document, results: Results, info: dict, reference: str,
                  robustness: pd.DataFrame | None = None) -> None:
    table = scenarios_of(results.summary, sorted(set(REPORTED) | set(DISTRIBUTION),
                                                 key=[o.name for o in OUTCOMES].index))
    diffs = None
    if reference in set(results.summary["scenario"]) and table["scenario"].nunique() > 1:
        diffs = differences(results.summary, sorted(set(REPORTED) | set(DISTRIBUTION)),
                            reference)
    _section_runs(doc, results)
    _section_scenarios(doc, table)
    _section_differences(doc, diffs, reference, robustness)
    _section_cost_effectiveness(doc, diffs, reference)
    _section_frontier(doc, table)
    _section_distribution(doc, table, diffs)
    _section_time_series(doc, results.series)
    if results.parameters:
        _section_points(doc, results, reference)
    if info["kind"] == "sobol":
        _section_sobol(doc, results, info)
    _section_provenance(doc, results.manifest)
