"""The comparison report of a sweep: Markdown, self-contained HTML, figures and CSV tables.

It writes ``report.md``, ``report.html`` with the same content, PNG figures in ``figures/``
and every table as CSV in ``tables/``.

The results folder is read by ``analysis.results`` and its tables made by ``analysis.tables``;
this module puts them into sections. Only :func:`build_report` writes files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from wijksim.analysis import plots
from wijksim.analysis.document import Document, number
from wijksim.analysis.results import TIME_SERIES, Results, load_results
from wijksim.analysis.tables import (
    DISTRIBUTION,
    GROUP_WELLBEING,
    HEADLINE,
    REFERENCE,
    REPORTED,
    SECTIONS,
    SOBOL_OUTCOMES,
    WELLBEING_POINT,
    cost_effectiveness,
    design_info,
    differences,
    distribution,
    frontier,
    interval,
    label,
    outcome_rows,
    scenarios_of,
    series_label,
    sobol_indices,
    time_series,
)
from wijksim.sim.outcomes import COST_CATEGORIES, OUTCOME_BY_NAME, OUTCOMES

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
        "Δcost [EUR/resident/year]": [interval(*r, signed=True) for r in table[
            ["delta_cost", "delta_cost_lo", "delta_cost_hi"]].to_numpy()],
        "Δwellbeing [points]": [interval(*r, signed=True) for r in table[
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
    doc.text("Life satisfaction and unmet need (hours a week per person) of everyone and of "
             "residents with nobody to fall back on, in multi-problem households, in low-income "
             "households, with little own strength and of carers; the 10th percentile and the "
             "share with low wellbeing. Gap = group minus the mean; change = paired difference "
             "against the reference (when there is one). Each group is who is in it that week: "
             "a policy that gives people a network or own strength also changes who is "
             "counted (low income is the one fixed attribute).")
    dist = distribution(table, diffs)
    shown = dist.set_index("scenario").T
    shown.index = [_distribution_label(name) for name in shown.index]
    doc.table(shown.rename_axis("measure").reset_index(), "distribution", raw=dist)
    groups = GROUP_WELLBEING
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
