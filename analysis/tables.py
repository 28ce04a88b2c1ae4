"""The report's tables, and how they are formatted.

Per-scenario outcomes, paired differences, cost per wellbeing point, the frontier, the
distribution, time-series bands and Sobol indices.

Pure functions: tables in, tables out (no files, no model runs).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from wijksim.analysis import labels_nl
from wijksim.analysis.document import number
from wijksim.analysis.language import check_language, outcome_label, summary_unit_label, unit_label
from wijksim.analysis.report_texts import TEXTS
from wijksim.analysis.results import TIME_SERIES
from wijksim.analysis.summary import paired_differences, scenario_table, unit_of_summary
from wijksim.sim.outcomes import COST_CATEGORIES, GROUPS, OUTCOME_BY_NAME

REFERENCE = "baseline"
WELLBEING_POINT = 0.1  # one wellbeing point: a tenth of a point of life satisfaction (0-10)
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
# each section's key in the report's texts (``analysis.report_texts``, "section.<key>")
SECTION_KEYS = dict(zip(SECTIONS, ("cost", "contract", "wellbeing", "need", "informal"),
                        strict=True))
REPORTED = [name for names in SECTIONS.values() for name in names]
HEADLINE = ["cost_total", "wellbeing_mean", "wellbeing_p10", "share_low_wellbeing",
            "unmet_need_hours", "informal_hours", "share_carers_overloaded", "waiting_weeks",
            "professionals_per_mph"]
# who gains and who loses: wellbeing and unmet need of each group (sim.outcomes.GROUPS), the
# 10th percentile and the share with low wellbeing
GROUP_WELLBEING = [group.wellbeing for group in GROUPS]
GROUP_UNMET = [group.unmet for group in GROUPS]
DISTRIBUTION = [*GROUP_WELLBEING, "wellbeing_p10", "share_low_wellbeing", *GROUP_UNMET]
SOBOL_OUTCOMES = ["cost_total", "wellbeing_mean", "wellbeing_p10", "unmet_need_hours"]


# --------------------------------------------------------------------------- tables


def section_title(title: str, lang: str = "en") -> str:
    """A title of :data:`SECTIONS` (its English title) in ``lang``."""
    return TEXTS(f"section.{SECTION_KEYS[title]}", lang)


def label(name: str, lang: str = "en") -> str:
    """An outcome's label with the unit of its per-run summary, e.g. ``Unmet need [h ...]``."""
    if check_language(lang) == "en":
        return f"{OUTCOME_BY_NAME[name].label} [{unit_of_summary(name)}]"
    return f"{outcome_label(name, lang)} [{summary_unit_label(name, lang)}]"


def series_label(name: str, lang: str = "en") -> str:
    """An outcome's label with the unit of its weekly value (flows per resident)."""
    outcome = OUTCOME_BY_NAME[name]
    unit = unit_label(outcome.unit, lang)
    if outcome.aggregation == "sum":
        unit = TEXTS("time.per_resident", lang, unit=unit)
    return f"{outcome_label(name, lang)} [{unit}]"


def parameter_label(path: str, lang: str = "en", short: bool = False) -> str:
    """A varied parameter as a reader sees it: its dotted path in English, its label in Dutch.

    ``short`` leaves out a closing remark in brackets (for a figure's ticks or a list). A path
    the Dutch labels do not know, e.g. a design's own column, is shown as it is.
    """
    if check_language(lang) == "en":
        return path
    text = labels_nl.PARAMS_NL.get(path, path)
    return re.sub(r"\s*\([^()]*\)$", "", text) if short else text


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
                       wellbeing: str = "wellbeing_mean", lang: str = "en") -> pd.DataFrame:
    """Cost per wellbeing point gained against the reference (Δcost / Δwellbeing).

    A ratio is given only when wellbeing improves and cost rises; otherwise the ratio is NaN
    and a note says what happened ("costs more and does worse", "saves money and does
    worse", "saves money and does better"), because a ratio would mislead there.

    Args:
        diffs: Paired differences (from :func:`differences`) with the cost and wellbeing
            columns and their bounds.
        cost: Cost outcome (EUR per resident per year).
        wellbeing: Wellbeing outcome (life satisfaction, 0-10).
        lang: Language of the notes.

    Returns:
        Per scenario: Δcost, Δwellbeing in points (with bounds), the ratio and a note.
    """
    rows = []
    for _, row in diffs.iterrows():
        d_cost, d_points = row[cost], row[wellbeing] / WELLBEING_POINT
        ratio, note = _ratio_and_note(d_cost, d_points, lang)
        if not np.isnan(row[f"{wellbeing}_lo"]) and row[f"{wellbeing}_lo"] <= 0 <= row[
                f"{wellbeing}_hi"]:
            note += TEXTS("note.includes_zero", lang)
        rows.append({"scenario": row["scenario"], "delta_cost": d_cost,
                     "delta_cost_lo": row[f"{cost}_lo"], "delta_cost_hi": row[f"{cost}_hi"],
                     "delta_wellbeing_points": d_points,
                     "delta_wellbeing_points_lo": row[f"{wellbeing}_lo"] / WELLBEING_POINT,
                     "delta_wellbeing_points_hi": row[f"{wellbeing}_hi"] / WELLBEING_POINT,
                     "cost_per_point": ratio, "note": note})
    return pd.DataFrame(rows)


def _ratio_and_note(d_cost: float, d_points: float, lang: str = "en") -> tuple[float, str]:
    cost = ("note.costs_more" if d_cost > 0 else "note.saves" if d_cost < 0
            else "note.costs_same")
    wellbeing = ("note.better" if d_points > 0 else "note.worse" if d_points < 0
                 else "note.no_better")
    ratio = d_cost / d_points if d_cost > 0 and d_points > 0 else float("nan")
    return ratio, TEXTS("note.both", lang, cost=TEXTS(cost, lang),
                        wellbeing=TEXTS(wellbeing, lang))


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
    """Who gains and who falls through: wellbeing and unmet need by group, per scenario.

    Args:
        table: Per-scenario means (from :func:`scenarios_of`) with the ``DISTRIBUTION``
            outcomes.
        diffs: Paired differences against the reference, if there is one: the gain of each
            group is added.

    Returns:
        Per scenario: the group means, the gap of each group's wellbeing to the mean and (with
        ``diffs``) the change against the reference for everyone and for each group.
    """
    out = table[["scenario", *DISTRIBUTION]].copy()
    for name in [*GROUP_WELLBEING[1:], "wellbeing_p10"]:
        out[f"gap_{name}"] = out[name] - out["wellbeing_mean"]
    if diffs is not None and not diffs.empty:
        changed = [*GROUP_WELLBEING, "wellbeing_p10", *GROUP_UNMET]
        change = diffs.set_index("scenario")[changed].add_prefix("change_")
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
            raise SobolError("sobol.missing_points", scenario=scenario, lacking=len(lacking),
                             examples=str(lacking[:5]))
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


class SobolError(ValueError):
    """Sobol indices cannot be computed from these runs; the message says why (in English).

    ``key`` and ``params`` give the same message in another language (``analysis.report_texts``):
    :meth:`text`.
    """

    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return TEXTS(self.key, lang, **self.params)


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
            raise SobolError("sobol.too_many", points=points, n=n_base)
        return order, size
    if given is not None and points % (second if given else first) == 0:
        return bool(given), points
    if given is None and points % second == 0:
        return True, points
    if given is None and points % first == 0:
        return False, points
    raise SobolError("sobol.no_sample", points=points, parameters=num_vars)


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


def interval(mean, lo, hi, signed: bool = False, lang: str = "en") -> str:
    """A mean with its interval for a table cell ("+12 (3 to 21)"; Dutch "+12 (3 tot 21)")."""
    text = number(mean, lang)
    if signed and not np.isnan(mean) and mean > 0:
        text = "+" + text
    if np.isnan(lo) or np.isnan(hi):
        return text
    return TEXTS("interval", lang, mean=text, low=number(lo, lang), high=number(hi, lang))


def outcome_rows(table: pd.DataFrame, outcomes: list[str], signed: bool = False,
                 lang: str = "en") -> pd.DataFrame:
    """Outcomes as rows (label and unit) and scenarios as columns, cells ``mean (lo to hi)``.

    Args:
        table: Per-scenario table with ``<name>``, ``_lo``, ``_hi`` columns.
        outcomes: Outcome names, in row order.
        signed: Prefix positive values with ``+`` (for differences).
        lang: Language of the labels and the numbers.

    Returns:
        A table of strings ready to print.
    """
    shown = {TEXTS("outcome", lang): [label(name, lang) for name in outcomes]}
    for _, row in table.iterrows():
        shown[row["scenario"]] = [interval(row[n], row[f"{n}_lo"], row[f"{n}_hi"], signed,
                                           lang) for n in outcomes]
    return pd.DataFrame(shown)


