"""The comparison report of a sweep: Markdown, self-contained HTML, figures and CSV tables.

It writes ``report.md``, ``report.html`` with the same content, PNG figures in ``figures/``
and every table as CSV in ``tables/``.

The results folder is read by ``analysis.results`` and its tables made by ``analysis.tables``;
this module puts them into sections. Only :func:`build_report` writes files.

In English or Dutch (``lang``): the texts are in ``analysis.report_texts``, the model's labels
and the notation of numbers in ``analysis.language``. The CSV tables are the same in both
languages (machine column names, English notes): they are data for other tools.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wijksim.analysis import plots
from wijksim.analysis.document import Document, number
from wijksim.analysis.language import check_language, outcome_label, summary_unit_label
from wijksim.analysis.municipal import (
    MAP_OUTCOMES,
    MUNICIPALITY,
    NEIGHBOURHOOD,
    NEIGHBOURHOOD_OUTCOMES,
    behind,
)
from wijksim.analysis.report_texts import TEXTS, fmt
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
    SobolError,
    cost_effectiveness,
    design_info,
    differences,
    distribution,
    frontier,
    interval,
    label,
    outcome_rows,
    parameter_label,
    scenarios_of,
    section_title,
    series_label,
    sobol_indices,
    time_series,
)
from wijksim.sim.outcomes import COST_CATEGORIES, OUTCOME_BY_NAME, OUTCOMES

# --------------------------------------------------------------------------- sections


def _section_runs(doc: Document, results: Results) -> None:
    lang = doc.lang
    summary = results.summary
    doc.heading(TEXTS("runs.heading", lang))
    files = summary["key"].nunique()
    shared = TEXTS("runs.shared", lang, files=files) if files < len(summary) else ""
    doc.text(TEXTS("runs.summary", lang, runs=len(summary), shared=shared,
                   scenarios=summary["scenario"].nunique(),
                   names=", ".join(dict.fromkeys(summary["scenario"])),
                   seeds=", ".join(map(str, sorted(summary["seed"].unique()))),
                   failed=len(results.failures), missing=len(results.missing))
             + (TEXTS("runs.stale", lang, stale=results.stale) if results.stale else "."))
    if len(results.code_versions) > 1:
        counts = "; ".join(TEXTS("runs.version_count", lang, version=str(version), runs=runs)
                           for version, runs in results.code_versions.items())
        doc.text(TEXTS("runs.versions", lang, versions=len(results.code_versions),
                       counts=counts))
    if len(results.failures):
        doc.text(TEXTS("runs.failed", lang, failed=len(results.failures)))
        doc.table(_headers(results.failures, {"key": TEXTS("failures.key", lang),
                                              "error": TEXTS("failures.error", lang)}, lang),
                  "failures", raw=results.failures)
    if results.missing:
        doc.text(TEXTS("runs.missing", lang, keys=", ".join(results.missing[:50]))
                 + (" ..." if len(results.missing) > 50 else ""))
    doc.text(TEXTS("runs.units", lang)
             + (TEXTS("runs.pooled", lang) if results.parameters else "."))


def _headers(table: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """``table`` with its columns renamed for a reader of ``lang`` (English: as they are)."""
    return table if lang == "en" else table.rename(columns=names)


def _section_scenarios(doc: Document, table: pd.DataFrame) -> None:
    lang = doc.lang
    doc.heading(TEXTS("scenarios.heading", lang))
    doc.csv("scenarios", table)
    for title, names in SECTIONS.items():
        doc.heading(section_title(title, lang), 3)
        doc.table(outcome_rows(table, names, lang=lang))
    categories = [name for name in COST_CATEGORIES if table[name].abs().sum() > 0]
    doc.figure(plots.grouped_bars(table, categories, {n: outcome_label(n, lang)
                                                      for n in categories},
                                  summary_unit_label("cost_total", lang),
                                  TEXTS("categories.title", lang), lang=lang),
               "cost_by_category", TEXTS("categories.caption", lang))


def _section_differences(doc: Document, diffs: pd.DataFrame | None, reference: str,
                         robustness: pd.DataFrame | None = None) -> None:
    lang = doc.lang
    doc.heading(TEXTS("differences.heading", lang, reference=reference))
    if diffs is None:
        doc.text(TEXTS("differences.none", lang, reference=reference))
        return
    doc.text(TEXTS("differences.text", lang, reference=reference))
    outcome = TEXTS("outcome", lang)
    pairs = pd.DataFrame({outcome: [TEXTS("differences.pairs", lang)],
                          **{row["scenario"]: [row["pairs"]] for _, row in diffs.iterrows()}})
    doc.table(pd.concat([pairs, outcome_rows(diffs, REPORTED, signed=True, lang=lang)]),
              "differences", raw=diffs)
    if robustness is not None and not robustness.empty:
        doc.text(TEXTS("differences.robustness", lang, reference=reference))
        doc.table(robustness_beside(robustness, lang), "robustness_beside_differences",
                  raw=robustness_beside(robustness))


def robustness_beside(robustness: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A robustness table as outcome rows x scenario columns: "78% (64-88%) of worlds".

    In Dutch the outcomes are named by their labels and the cells are Dutch.
    """
    cells = robustness.assign(holds=[
        TEXTS("robustness.cell", lang, share=fmt(row.share_worlds_better, lang, ".0%"),
              low=fmt(row.low, lang, ".0%"), high=fmt(row.high, lang, ".0%"))
        for row in robustness.itertuples()])
    if lang != "en":
        cells["outcome"] = [outcome_label(name, lang) if name in OUTCOME_BY_NAME else name
                            for name in cells["outcome"]]
    table = cells.pivot(index="outcome", columns="scenario", values="holds")
    table = table.rename_axis(columns=None).reset_index()
    return _headers(table, {"outcome": TEXTS("outcome", lang)}, lang)


def _section_cost_effectiveness(doc: Document, diffs: pd.DataFrame | None,
                                reference: str) -> None:
    lang = doc.lang
    doc.heading(TEXTS("cost.heading", lang))
    if diffs is None:
        doc.text(TEXTS("cost.none", lang))
        return
    raw = cost_effectiveness(diffs)  # the CSV is the same in every language (notes in English)
    table = cost_effectiveness(diffs, lang=lang)
    doc.text(TEXTS("cost.text", lang, point=fmt(WELLBEING_POINT, lang), reference=reference))
    shown = pd.DataFrame({
        "scenario": table["scenario"],
        TEXTS("cost.delta_cost", lang): [interval(*r, signed=True, lang=lang) for r in table[
            ["delta_cost", "delta_cost_lo", "delta_cost_hi"]].to_numpy()],
        TEXTS("cost.delta_wellbeing", lang): [interval(*r, signed=True, lang=lang) for r in table[
            ["delta_wellbeing_points", "delta_wellbeing_points_lo",
             "delta_wellbeing_points_hi"]].to_numpy()],
        TEXTS("cost.per_point", lang): table["cost_per_point"].map(
            lambda value: number(value, lang)),
        TEXTS("cost.note", lang): table["note"]})
    doc.table(shown, "cost_effectiveness", raw=raw)


def _section_frontier(doc: Document, table: pd.DataFrame) -> None:
    lang = doc.lang
    doc.heading(TEXTS("frontier.heading", lang))
    marked = frontier(table)
    doc.text(TEXTS("frontier.text", lang))
    shown = pd.DataFrame({"scenario": marked["scenario"],
                          label("cost_total", lang): marked["cost_total"],
                          label("wellbeing_mean", lang): marked["wellbeing_mean"],
                          TEXTS("frontier.dominated", lang): marked["dominated"],
                          TEXTS("frontier.dominated_by", lang): marked["dominated_by"]})
    doc.table(shown, "frontier", raw=marked)
    doc.figure(plots.cost_vs_wellbeing(marked, lang=lang), "frontier",
               TEXTS("frontier.caption", lang))


def _section_distribution(doc: Document, table: pd.DataFrame,
                          diffs: pd.DataFrame | None) -> None:
    lang = doc.lang
    doc.heading(TEXTS("distribution.heading", lang))
    doc.text(TEXTS("distribution.text", lang))
    dist = distribution(table, diffs)
    shown = dist.set_index("scenario").T
    shown.index = [_distribution_label(name, lang) for name in shown.index]
    doc.table(shown.rename_axis(TEXTS("distribution.measure", lang)).reset_index(),
              "distribution", raw=dist)
    groups = GROUP_WELLBEING
    doc.figure(plots.grouped_bars(table, groups, {n: outcome_label(n, lang) for n in groups},
                                  TEXTS("distribution.axis", lang),
                                  TEXTS("distribution.title", lang), zero=False, lang=lang),
               "distribution", TEXTS("distribution.caption", lang))


def _distribution_label(column: str, lang: str = "en") -> str:
    for prefix, key in (("gap_", "distribution.gap"), ("change_", "distribution.change")):
        if column.startswith(prefix):
            return TEXTS(key, lang) + outcome_label(column.removeprefix(prefix), lang)
    return label(column, lang)


def _section_time_series(doc: Document, series: pd.DataFrame) -> None:
    lang = doc.lang
    doc.heading(TEXTS("time.heading", lang))
    bands = time_series(series)
    doc.csv("time_series", bands)
    doc.text(TEXTS("time.text", lang))
    labels = {n: series_label(n, lang) for n in TIME_SERIES}
    if lang != "en":  # longer than the English: wrapped to fit above a panel
        labels = {n: textwrap.fill(text, 64) for n, text in labels.items()}
    doc.figure(plots.time_series_bands(bands, TIME_SERIES, labels, lang=lang),
               "time_series", TEXTS("time.caption", lang))


@dataclass(frozen=True)
class Places:
    """A municipality's neighbourhoods as the report names and draws them (by code)."""

    names: dict[str, str] = field(default_factory=dict)
    rings: dict[str, list] = field(default_factory=dict)  # outer rings of x, y points


def _section_neighbourhoods(doc: Document, results: Results, places: Places) -> None:
    """A sweep of municipalities: per scenario, each neighbourhood, a map, who falls behind."""
    lang = doc.lang
    table_file = Path(results.manifest.get("municipality") or "").name
    doc.heading(TEXTS("hood.heading", lang))
    doc.text(TEXTS("hood.text", lang, table=table_file or "?"))
    hoods = results.neighbourhoods
    outcomes = [name for name in NEIGHBOURHOOD_OUTCOMES if name in hoods.columns]
    mean = hoods.groupby(["scenario", NEIGHBOURHOOD], sort=False)[
        ["residents", *outcomes]].mean().reset_index()
    town = results.summary.groupby("scenario", sort=False)[outcomes].mean()
    doc.csv("neighbourhoods", mean)
    for scenario, rows in mean.groupby("scenario", sort=False):
        runs = int((results.summary["scenario"] == scenario).sum())
        summary = pd.concat([rows.drop(columns="scenario"), pd.DataFrame([{
            NEIGHBOURHOOD: MUNICIPALITY, "residents": rows["residents"].sum(),
            **town.loc[scenario].to_dict()}])], ignore_index=True)
        doc.heading(str(scenario), level=3)
        doc.text(behind(summary, places.names, lang, runs=runs))
        shown = summary.rename(columns={NEIGHBOURHOOD: TEXTS("hood.column", lang)})
        shown = shown.replace({MUNICIPALITY: TEXTS("hood.municipality", lang), **places.names})
        doc.table(_headers(shown, {n: outcome_label(n, lang) for n in ["residents", *outcomes]},
                           lang))
        labels = {n: outcome_label(n, lang) for n in MAP_OUTCOMES}
        if places.rings:
            figure = plots.neighbourhood_choropleth(summary, list(MAP_OUTCOMES), labels,
                                                    places.rings, places.names,
                                                    title=str(scenario))
        else:
            figure = plots.neighbourhood_map(summary, list(MAP_OUTCOMES), labels, places.names,
                                             title=TEXTS("hood.map_title", lang,
                                                         scenario=scenario))
        doc.figure(figure, f"neighbourhoods_{scenario}",
                   TEXTS("hood.caption", lang, scenario=scenario))


def _section_points(doc: Document, results: Results, reference: str) -> None:
    lang = doc.lang
    doc.heading(TEXTS("points.heading", lang))
    summary = results.summary
    points = scenarios_of(summary, HEADLINE, by_point=True)
    values = summary.groupby("point_id")[results.parameters].first()
    points = points.join(values, on="point_id")
    bounds = [c for n in HEADLINE for c in (n, f"{n}_lo", f"{n}_hi")]
    points = points[["scenario", "point_id", *results.parameters, "runs", *bounds]]
    doc.text(TEXTS("points.text", lang, points=summary["point_id"].nunique(),
                   parameters=_parameter_list(results.parameters, lang)))
    shown = points[["scenario", "point_id", *results.parameters, "runs", *HEADLINE]]
    if len(shown) <= 60:
        names = {n: label(n, lang) for n in HEADLINE}
        if lang != "en":
            names |= {"point_id": TEXTS("points.point", lang),
                      "runs": TEXTS("points.runs", lang)}
            names |= {p: parameter_label(p, lang) for p in results.parameters}
        doc.table(shown.rename(columns=names), "design_points", raw=points)
    else:
        doc.csv("design_points", points)
    if reference in set(summary["scenario"]) and summary["scenario"].nunique() > 1:
        diffs = differences(summary, HEADLINE, reference, by_point=True)
        doc.csv("design_point_differences", diffs)
        doc.text(TEXTS("points.differences", lang))


def _parameter_list(paths: list[str], lang: str) -> str:
    """Varied parameters for a sentence: their paths in English; in Dutch label (path)."""
    if lang == "en":
        return ", ".join(paths)
    return "; ".join(f"{parameter_label(path, lang, short=True)} ({path})" for path in paths)


def _section_sobol(doc: Document, results: Results, info: dict) -> None:
    lang = doc.lang
    doc.heading(TEXTS("sobol.heading", lang))
    problem = info["problem"]
    if problem is None:
        doc.text(TEXTS("sobol.no_problem", lang))
        return
    try:
        indices = sobol_indices(results.summary, problem, n_base=info["N"],
                                calc_second_order=info["calc_second_order"])
    except ValueError as error:
        reason = error.text(lang) if isinstance(error, SobolError) else str(error)
        doc.text(TEXTS("sobol.failed", lang, error=reason))
        return
    parameters = {name: parameter_label(name, lang) for name in problem["names"]}
    doc.text(TEXTS("sobol.text", lang, n=info["N"] or TEXTS("sobol.unknown", lang),
                   parameters=_parameter_list(problem["names"], lang)))
    shown = indices.assign(outcome=indices["outcome"].map(lambda name: label(name, lang)))
    if lang != "en":
        shown = shown.assign(parameter=shown["parameter"].map(parameters)).rename(columns={
            "outcome": TEXTS("outcome", lang), "S1_conf": TEXTS("sobol.s1_conf", lang),
            "ST_conf": TEXTS("sobol.st_conf", lang)})
    doc.table(shown, "sobol", raw=indices)
    labels = {n: label(n, lang) for n in SOBOL_OUTCOMES}
    ticks = None if lang == "en" else {  # Dutch labels are longer than the paths: wrapped
        name: textwrap.fill(parameter_label(name, lang, short=True), 24)
        for name in problem["names"]}
    for index, (scenario, group) in enumerate(indices.groupby("scenario", sort=False)):
        doc.figure(plots.sobol_bars(group, labels, TEXTS("sobol.title", lang, scenario=scenario),
                                    lang=lang, parameters=ticks),
                   f"sobol_{index}", TEXTS("sobol.caption", lang, scenario=scenario))


def _section_provenance(doc: Document, manifest: dict) -> None:
    lang = doc.lang
    doc.heading(TEXTS("provenance.heading", lang))
    if not manifest:
        doc.text(TEXTS("provenance.none", lang))
        return
    if lang != "en":
        doc.text(TEXTS("provenance.keys", lang))
    rows = [{TEXTS("provenance.item", lang): key,
             TEXTS("provenance.value", lang): _provenance_value(value, lang)}
            for key, value in _flatten(manifest)]
    doc.table(pd.DataFrame(rows))


def _provenance_value(value, lang: str) -> str:
    """A manifest value as it is written (JSON); single numbers and yes/no in ``lang``."""
    if lang == "en" or isinstance(value, dict | list | str):
        return _short(value)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return TEXTS("yes" if value else "no", lang)
    if isinstance(value, float):
        return _short(value).replace(".", ",")  # every digit, with a decimal comma
    return _short(value)


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


def build_report(results_dir: Path | str, out_dir: Path | str | None = None,
                 lang: str = "en", places: Places | None = None) -> Path:
    """Write ``report.md``, ``report.html``, ``figures/*.png`` and ``tables/*.csv``.

    Args:
        results_dir: A sweep's results directory.
        out_dir: Where to write; default ``results_dir/report``.
        lang: The report's language, ``"en"`` or ``"nl"`` (texts, labels, figures and the
            notation of numbers; the CSV tables are the same in every language).
        places: For a sweep of municipalities: the neighbourhoods' names and, when known,
            their outlines (the maps are then drawn from them instead of tiles).

    Returns:
        The path of ``report.md`` (``report.html`` is beside it).

    Raises:
        NoRunsError: If the directory holds no finished run.
        KeyError: For a language that is not one of ``analysis.language.LANGUAGES``.
    """
    check_language(lang)
    results = load_results(results_dir)
    out_dir = Path(out_dir) if out_dir is not None else Path(results_dir) / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    info = design_info(results.manifest)
    reference = results.manifest.get("reference") or REFERENCE
    name = results.manifest.get("experiment") or results.manifest.get("name") or Path(
        results_dir).name
    doc = Document(out_dir, lang)
    title = TEXTS("title", lang, name=name)
    doc.heading(title, 1)
    robustness_file = Path(results_dir) / "robustness" / "tables" / "robustness.csv"
    robustness = pd.read_csv(robustness_file) if robustness_file.exists() else None
    _add_sections(doc, results, info, reference, robustness, places or Places())
    doc.csv("runs", results.summary)
    (out_dir / "report.md").write_text(doc.markdown(), encoding="utf-8")
    (out_dir / "report.html").write_text(doc.html(title), encoding="utf-8")
    return out_dir / "report.md"


def _add_sections(doc: Document, results: Results, info: dict, reference: str,
                  robustness: pd.DataFrame | None = None, places: Places | None = None
                  ) -> None:
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
    if not results.neighbourhoods.empty:
        _section_neighbourhoods(doc, results, places or Places())
    if results.parameters:
        _section_points(doc, results, reference)
    if info["kind"] == "sobol":
        _section_sobol(doc, results, info)
    _section_provenance(doc, results.manifest)
