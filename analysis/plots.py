"""Figures from summary tables.

Functions take tables and return matplotlib figures; showing or saving is the caller's job.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np

matplotlib.use("Agg")  # headless by default; an interactive caller can switch back

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from wijksim.analysis.language import check_language  # noqa: E402
from wijksim.analysis.language import number as notation  # noqa: E402
from wijksim.analysis.report_texts import TEXTS  # noqa: E402

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _notation(lang: str, *axes) -> None:
    """Tick labels of value axes in ``lang``'s notation (English: matplotlib's own)."""
    if check_language(lang) == "en":
        return
    ticks = FuncFormatter(lambda value, _: notation(value + 0.0, lang, ",g"))  # no "-0"
    for axis in axes:
        axis.set_major_formatter(ticks)


def cost_vs_wellbeing(table: pd.DataFrame, cost: str = "cost_total",
                      wellbeing: str = "wellbeing_mean", title: str | None = None,
                      lang: str = "en"):
    """Scatter of scenarios: public cost (x) against mean wellbeing (y), texts in ``lang``.

    Error bars show 95% intervals when the table has ``_lo``/``_hi`` columns (from
    ``analysis.summary.scenario_table``). When the table has a boolean ``dominated`` column
    (from ``analysis.report.frontier``), dominated scenarios are drawn in grey and the
    efficient ones are joined by the frontier.
    """
    fig, ax = plt.subplots(figsize=(9.5, 5.5), layout="constrained")
    marked = "dominated" in table.columns
    for number, (_, row) in enumerate(table.iterrows()):
        grey = marked and bool(row["dominated"])
        style = {"mfc": "white"} if grey else {}
        ax.errorbar(row[cost], row[wellbeing], xerr=_error(row, cost),
                    yerr=_error(row, wellbeing), fmt=MARKERS[number % len(MARKERS)],
                    capsize=3, alpha=0.55 if grey else 1.0,
                    label=f"{row['scenario']}{TEXTS('plot.dominated', lang) if grey else ''}",
                    **style)
    if marked:
        efficient = table[~table["dominated"].astype(bool)].sort_values(cost)
        ax.plot(efficient[cost], efficient[wellbeing], "-", color="tab:green", alpha=0.6,
                label=TEXTS("plot.frontier", lang))
    # a legend beside the plot, not labels on it: nearby scenarios would overwrite each other
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
    ax.set_xlabel(TEXTS("plot.cost_axis", lang))
    ax.set_ylabel(TEXTS("plot.wellbeing_axis", lang))
    ax.set_title(title or TEXTS("plot.frontier_title", lang))
    ax.grid(alpha=0.3)
    _notation(lang, ax.xaxis, ax.yaxis)
    return fig


def time_series_bands(series: pd.DataFrame, outcomes: list[str], labels: dict[str, str],
                      title: str | None = None, lang: str = "en"):
    """One panel per outcome: the weekly mean across replications per scenario with a band.

    Args:
        series: Table from ``analysis.report.time_series``: columns ``scenario``, ``week`` and,
            per outcome, ``<name>``, ``<name>_lo`` and ``<name>_hi``.
        outcomes: Outcome names to draw, one panel each.
        labels: Panel title (label and unit) per outcome name.
        title: Figure title.
        lang: Language of the default title and of the numbers on the axes.

    Returns:
        A matplotlib Figure.
    """
    columns = 2 if len(outcomes) > 1 else 1
    rows = -(-len(outcomes) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(6 * columns, 3.6 * rows), squeeze=False,
                             layout="constrained")
    for ax, name in zip(axes.flat, outcomes, strict=False):
        for scenario, group in series.groupby("scenario", sort=False):
            line, = ax.plot(group["week"], group[name], label=scenario, lw=1.5)
            ax.fill_between(group["week"], group[f"{name}_lo"], group[f"{name}_hi"],
                            color=line.get_color(), alpha=0.15, lw=0)
        ax.set_title(labels.get(name, name), fontsize=10)
        ax.set_xlabel("week")  # the same word in Dutch
        ax.grid(alpha=0.3)
        _notation(lang, ax.xaxis, ax.yaxis)
    for ax in list(axes.flat)[len(outcomes):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(title or TEXTS("plot.time_title", lang))
    return fig


def grouped_bars(table: pd.DataFrame, outcomes: list[str], labels: dict[str, str],
                 ylabel: str, title: str, zero: bool = True, lang: str = "en"):
    """Bars per scenario, one bar per outcome, with 95% intervals from ``_lo``/``_hi`` columns.

    Used for wellbeing by group (who gains, who falls through) and for costs by category.

    Args:
        table: One row per scenario (``scenario`` column) with the outcomes and their bounds.
        outcomes: Outcome names, one bar each per scenario.
        labels: Legend text per outcome name.
        ylabel: Label of the value axis.
        title: Figure title.
        zero: Draw bars from zero; if False, draw points with error bars so that the axis
            can zoom in on the values without bars implying a zero.
        lang: Language of the numbers on the value axis.

    Returns:
        A matplotlib Figure.
    """
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(table) + 3), 5), layout="constrained")
    width = 0.8 / len(outcomes)
    positions = range(len(table))
    for i, name in enumerate(outcomes):
        x = [p + (i - (len(outcomes) - 1) / 2) * width for p in positions]
        errors = [_error(row, name) for _, row in table.iterrows()]
        yerr = None
        if all(e is not None for e in errors):
            yerr = [[e[0][0] for e in errors], [e[1][0] for e in errors]]
        if zero:
            ax.bar(x, table[name], width, yerr=yerr, capsize=2, label=labels.get(name, name))
        else:
            ax.errorbar(x, table[name], yerr=yerr, fmt="o", capsize=3,
                        label=labels.get(name, name))
    ax.set_xticks(list(positions), table["scenario"], rotation=25, ha="right")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(alpha=0.3, axis="y")
    _notation(lang, ax.yaxis)
    return fig


def sobol_bars(indices: pd.DataFrame, labels: dict[str, str], title: str | None = None,
               lang: str = "en", parameters: dict[str, str] | None = None):
    """First-order (S1) and total (ST) Sobol indices per parameter, one panel per outcome.

    Confidence intervals are drawn as error bars.

    Args:
        indices: Table from ``analysis.report.sobol_indices`` for one scenario: columns
            ``outcome``, ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
        labels: Panel title per outcome name.
        title: Figure title.
        lang: Language of the legend, axis label, default title and numbers.
        parameters: Tick label per parameter (default: its name).

    Returns:
        A matplotlib Figure.
    """
    outcomes = list(dict.fromkeys(indices["outcome"]))
    fig, axes = plt.subplots(1, len(outcomes), figsize=(4.2 * len(outcomes), 4.2),
                             squeeze=False, sharey=True, layout="constrained")
    for ax, name in zip(axes.flat, outcomes, strict=True):
        rows = indices[indices["outcome"] == name]
        x = range(len(rows))
        ax.bar([p - 0.2 for p in x], rows["S1"], 0.4, yerr=rows["S1_conf"], capsize=3,
               label=TEXTS("plot.s1", lang))
        ax.bar([p + 0.2 for p in x], rows["ST"], 0.4, yerr=rows["ST_conf"], capsize=3,
               label=TEXTS("plot.st", lang))
        ax.set_xticks(list(x), [(parameters or {}).get(p, p) for p in rows["parameter"]],
                      rotation=30, ha="right", fontsize=8)
        ax.set_title(labels.get(name, name), fontsize=10)
        ax.axhline(0, color="black", lw=0.5)
        ax.grid(alpha=0.3, axis="y")
        _notation(lang, ax.yaxis)
    axes.flat[0].set_ylabel(TEXTS("plot.sobol_axis", lang))
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(title or TEXTS("plot.sobol_title", lang))
    return fig


def _error(row: pd.Series, name: str):
    lo, hi = row.get(f"{name}_lo"), row.get(f"{name}_hi")
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return None
    return [[row[name] - lo], [hi - row[name]]]


def neighbourhood_map(summary: pd.DataFrame, outcomes: list[str], labels: dict[str, str],
                      names: dict[str, str] | None = None, title: str | None = None):
    """A schematic map: one tile per neighbourhood, coloured by each outcome in its own panel.

    Tiles in table order, row by row, each with the neighbourhood's name and value.
    ``summary`` has a ``neighbourhood`` column (a ``municipality`` row is left out). No
    geometry is drawn: the tiles say which neighbourhood is which, not where it lies.
    """
    parts = summary[summary["neighbourhood"] != "municipality"].reset_index(drop=True)
    columns = max(1, math.ceil(math.sqrt(len(parts))))
    rows = math.ceil(len(parts) / columns)
    fig, axes = plt.subplots(1, len(outcomes), figsize=(5.2 * len(outcomes), 0.5 + 0.9 * rows),
                             layout="constrained", squeeze=False)
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        grid = np.full((rows, columns), np.nan)
        for i, value in enumerate(parts[outcome]):
            grid[i // columns, i % columns] = value
        image = ax.imshow(grid, cmap="viridis", aspect="auto")
        for i, code in enumerate(parts["neighbourhood"]):
            _place_label(ax, image, i % columns, i // columns, (names or {}).get(code, code),
                         parts[outcome][i])
        _panel(fig, ax, image, labels.get(outcome, outcome))
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def _place_label(ax, mappable, x: float, y: float, name: str, value: float) -> None:
    """A neighbourhood's name and value on its place, dark on the light end of viridis."""
    light = mappable.norm(value) > 0.6
    ax.text(x, y, f"{name}\n{value:.3g}", ha="center", va="center", fontsize=6,
            color="black" if light else "white")


def _panel(fig, ax, mappable, title: str) -> None:
    """A map panel's frame: no ticks, its title, a colour bar."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)
    fig.colorbar(mappable, ax=ax, shrink=0.8)


def neighbourhood_choropleth(summary: pd.DataFrame, outcomes: list[str], labels: dict[str, str],
                             rings: dict[str, list[np.ndarray]],
                             names: dict[str, str] | None = None, title: str | None = None):
    """A map: each neighbourhood's outline coloured by each outcome, one panel per outcome.

    ``rings`` gives each neighbourhood's outer rings (arrays of x, y points, from GeoJSON);
    a neighbourhood without one is left out of the map (say so beside it). ``summary`` has a
    ``neighbourhood`` column (a ``municipality`` row is left out).
    """
    from matplotlib.collections import PolyCollection

    parts = summary[summary["neighbourhood"].isin(list(rings))].reset_index(drop=True)
    polygons, owner = [], []
    for i, code in enumerate(parts["neighbourhood"]):
        for ring in rings[code]:
            polygons.append(ring)
            owner.append(i)
    points = np.concatenate(polygons)
    width, height = np.ptp(points[:, 0]) or 1.0, np.ptp(points[:, 1]) or 1.0
    panel = 4.5
    fig, axes = plt.subplots(1, len(outcomes), layout="constrained", squeeze=False,
                             figsize=(panel * len(outcomes) + 1,
                                      0.8 + panel * min(max(height / width, 0.4), 2.0)))
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        values = parts[outcome].to_numpy(dtype=float)
        shapes = PolyCollection(polygons, array=values[owner], cmap="viridis",
                                edgecolors="white", linewidths=0.6)
        ax.add_collection(shapes)
        for i, code in enumerate(parts["neighbourhood"]):
            biggest = max(rings[code], key=len)
            _place_label(ax, shapes, biggest[:, 0].mean(), biggest[:, 1].mean(),
                         (names or {}).get(code, code), values[i])
        ax.set_xlim(points[:, 0].min(), points[:, 0].max())
        ax.set_ylim(points[:, 1].min(), points[:, 1].max())
        ax.set_aspect("equal")
        _panel(fig, ax, shapes, labels.get(outcome, outcome))
    if title:
        fig.suptitle(title, fontsize=10)
    return fig
