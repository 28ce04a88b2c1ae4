"""Figures from summary tables. Functions take tables and return matplotlib figures; showing or
saving is the caller's job."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless by default; an interactive caller can switch back

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def cost_vs_wellbeing(table: pd.DataFrame, cost: str = "cost_total",
                      wellbeing: str = "wellbeing_mean", title: str | None = None):
    """Scatter of scenarios: public cost (x) against mean wellbeing (y), with 95% intervals
    when the table has ``_lo``/``_hi`` columns (from ``analysis.summary.scenario_table``)."""
    fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
    for _, row in table.iterrows():
        xerr = _error(row, cost)
        yerr = _error(row, wellbeing)
        ax.errorbar(row[cost], row[wellbeing], xerr=xerr, yerr=yerr, fmt="o", capsize=3)
        ax.annotate(row["scenario"], (row[cost], row[wellbeing]), textcoords="offset points",
                    xytext=(6, 6), fontsize=9)
    ax.set_xlabel("Public cost, EUR per resident per year (informal care not included)")
    ax.set_ylabel("Wellbeing, mean (0-1)")
    ax.set_title(title or "Cost versus wellbeing by scenario (mean and 95% interval)")
    ax.grid(alpha=0.3)
    return fig


def _error(row: pd.Series, name: str):
    lo, hi = row.get(f"{name}_lo"), row.get(f"{name}_hi")
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return None
    return [[row[name] - lo], [hi - row[name]]]
