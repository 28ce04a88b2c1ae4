"""Summaries of run tables.

One number per outcome per run, scenario means with intervals, and paired differences against
a reference scenario on the same seeds.

Inputs are the per-week tables written by runs (columns ``scenario``, ``seed``, ``week`` and one
column per declared outcome). Flows (costs, hours, counts) become amounts per resident per year;
levels are averaged over the weeks; stocks take the last week; outcomes measured over a year
are averaged over the years of the run.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from wijksim.sim.outcomes import OUTCOMES

WEEKS_PER_YEAR = 52
KEYS = ["scenario", "seed"]


def summarise_run(table: pd.DataFrame) -> pd.Series:
    """One value per outcome for one run.

    Week 0, the start state, is left out of flows and levels. (Whole columns at once: the app
    summarises the run after every redraw.)
    """
    after_start = table["week"].to_numpy() >= 1
    residents = float(table["residents"].iloc[-1])
    years = max(int(after_start.sum()), 1) / WEEKS_PER_YEAR
    # one row per outcome, contiguous: sums in the same order as pandas' column by column
    values = np.ascontiguousarray(table[list(_NAMES)].to_numpy(dtype=float).T)
    weeks = np.ascontiguousarray(values[:, after_start])
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        # a yearly outcome is recorded in the last week of each year only (NaN elsewhere);
        # one not yet recorded has no mean (NaN), as pandas gives
        warnings.simplefilter("ignore", RuntimeWarning)
        means = (np.nanmean(weeks, axis=1) if weeks.shape[1]
                 else np.full(len(_NAMES), np.nan))
    sums = np.nansum(weeks, axis=1) / years / residents
    last = values[:, -1]
    out = np.where(_SUM, sums, np.where(_MEAN, means, last))
    return pd.Series(out, index=list(_NAMES))


_NAMES = tuple(outcome.name for outcome in OUTCOMES)
_SUM = np.array([outcome.aggregation == "sum" for outcome in OUTCOMES])
_MEAN = np.array([outcome.aggregation in ("mean", "year") for outcome in OUTCOMES])


def per_resident_per_year(table: pd.DataFrame) -> pd.DataFrame:
    """A run's weekly rows in the CLI's units: flows as amounts per resident per year.

    Week 0 (the start state) is left out; a flow's weekly neighbourhood total becomes the
    yearly amount per resident at that week's rate (x 52 / residents); levels, shares and
    stocks are kept as they are. Their units are given by :func:`unit_of_summary`.
    """
    weeks = table[table["week"] >= 1].copy()
    for outcome in OUTCOMES:
        if outcome.aggregation == "sum" and outcome.name in weeks:
            weeks[outcome.name] = weeks[outcome.name] * WEEKS_PER_YEAR / weeks["residents"]
    return weeks


def unit_of_summary(name: str) -> str:
    """The unit of an outcome after summarising (flows become per resident per year)."""
    outcome = next(o for o in OUTCOMES if o.name == name)
    if outcome.aggregation != "sum":
        return outcome.unit
    base = outcome.unit.replace("/week", "").replace("per week", "").strip()
    return f"{base or 'count'} per resident per year"


def mean_interval(values: pd.Series, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and a t-based confidence interval (the interval is NaN with fewer than 2 values)."""
    values = values.dropna()
    mean = float(values.mean()) if len(values) else float("nan")
    if len(values) < 2:
        return mean, float("nan"), float("nan")
    from scipy import stats  # heavy import (about 1 s): only when an interval is computed

    half = stats.t.ppf(0.5 + level / 2, len(values) - 1) * values.std(ddof=1) / np.sqrt(
        len(values))
    return mean, mean - half, mean + half


def scenario_table(summary: pd.DataFrame, outcomes: list[str],
                   by: tuple[str, ...] = ("scenario",)) -> pd.DataFrame:
    """Per scenario: mean, lower and upper 95% bound of each outcome across its runs.

    With ``by`` (e.g. ``("scenario", "point_id")``) there is one row per group instead.
    """
    rows = []
    for key, group in summary.groupby(list(by), sort=False):
        row = dict(zip(by, key, strict=True)) | {"runs": len(group)}
        for name in outcomes:
            row[name], row[f"{name}_lo"], row[f"{name}_hi"] = mean_interval(group[name])
        rows.append(row)
    return pd.DataFrame(rows)


def paired_differences(summary: pd.DataFrame, outcomes: list[str],
                       reference: str = "baseline", pair_on: tuple[str, ...] = ("seed",),
                       by: tuple[str, ...] = ("scenario",)) -> pd.DataFrame:
    """Scenario minus reference on the same seeds: mean difference and 95% interval.

    Runs are paired on the ``pair_on`` columns (the seed; with a design also the design
    point). With ``by`` longer than ``("scenario",)`` (e.g. scenario and design point) there is
    one row per group. Raises ``ValueError`` if the reference scenario is missing or shares no
    pair with another.
    """
    if reference not in set(summary["scenario"]):
        raise ValueError(f"reference scenario {reference!r} is not among the runs; have "
                         f"{sorted(set(summary['scenario']))}")
    base = summary[summary["scenario"] == reference].set_index(list(pair_on))
    rows = []
    for key, group in summary.groupby(list(by), sort=False):
        row = dict(zip(by, key, strict=True))
        if row["scenario"] == reference:
            continue
        other = group.set_index(list(pair_on))
        pairs = other.index.intersection(base.index)
        if pairs.empty:
            raise ValueError(f"scenario {row['scenario']!r} shares no seed with {reference!r}")
        row["pairs"] = len(pairs)
        for name in outcomes:
            diff = other.loc[pairs, name] - base.loc[pairs, name]
            row[name], row[f"{name}_lo"], row[f"{name}_hi"] = mean_interval(diff)
        rows.append(row)
    return pd.DataFrame(rows)
