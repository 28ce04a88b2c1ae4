"""Figures drawn on the server for the app: the neighbourhood grid and the outcome charts.

Functions take copies of model state (``app.session.GridView``) or per-week outcome tables and
return ``matplotlib.figure.Figure`` objects built without pyplot, so that concurrent sessions
share no global figure state and nothing leaks between redraws.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from wijksim.app.session import GridView
from wijksim.sim.outcomes import COST_CATEGORIES, OUTCOME_BY_NAME

COLOUR_BY = {"wellbeing": ("Life satisfaction (0-10)", "RdYlGn", 5.0, 9.5),
             "need": ("Need for care (h/week)", "Reds", 0.0, 20.0)}
CHART_MARGINS = {"left": 0.06, "right": 0.97, "top": 0.9, "bottom": 0.08, "wspace": 0.28,
                 "hspace": 0.45}
SIDE_COLOURS = {"A": "tab:blue", "B": "tab:orange"}
PRO_STYLE = {"specialist": ("^", "tab:blue", "Specialist (on a home visit)"),
             "generalist": ("D", "tab:purple", "Generalist (on a home visit)")}

# (panel title, [(outcome, line label)], unit)
PANELS: tuple[tuple[str, tuple[tuple[str, str], ...], str], ...] = (
    ("Life satisfaction", (("wellbeing_mean", "mean"), ("wellbeing_p10", "10th percentile")),
     "0-10"),
    ("Unmet need", (("unmet_need_hours", "unmet need"),), "h/week"),
    ("Carers overloaded", (("share_carers_overloaded", "share of carers"),), "share"),
    ("Waiting", (("waiting_weeks", "time waited so far"),), "weeks"),
    ("Informal versus formal hours", (("informal_hours", "informal"),
                                      ("specialist_direct_hours", "specialist"),
                                      ("generalist_direct_hours", "generalist")), "h/week"),
)
DIFF_PANELS: tuple[tuple[str, tuple[tuple[str, str], ...], str], ...] = (
    ("Public cost by contract form", (("cost_total", "in force"),
                                      ("cost_total_per_hour", "per hour"),
                                      ("cost_total_per_client", "per client"),
                                      ("cost_total_capacity", "capacity")), "EUR/week"),
    *PANELS)


@functools.lru_cache(maxsize=8)
def _jitter(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed offsets inside a cell per resident, so markers do not jump between frames."""
    rng = np.random.default_rng(20130)
    return rng.uniform(-0.42, 0.42, n), rng.uniform(-0.42, 0.42, n)


def _cell_means(view: GridView, values: np.ndarray) -> np.ndarray:
    """Mean of ``values`` per cell as a (height, width) image; NaN for empty cells."""
    index = view.y.astype(np.int64) * view.width + view.x.astype(np.int64)
    total = np.bincount(index, weights=values, minlength=view.width ** 2)
    count = np.bincount(index, minlength=view.width ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = total / count
    return means.reshape(view.width, view.width)


def grid_figure(view: GridView, colour_by: str = "wellbeing", title: str = "") -> Figure:
    """The neighbourhood: residents (cell means plus one dot each), professionals, institutions.

    Args:
        view: A copy of the model state from ``app.session.grid_view``.
        colour_by: ``"wellbeing"`` or ``"need"``.
        title: Shown above the grid.
    """
    label, cmap, vmin, vmax = COLOUR_BY[colour_by]
    values = view.wellbeing if colour_by == "wellbeing" else view.need
    fig = Figure(figsize=(5.6, 5.4))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.94, bottom=0.13)
    ax = fig.add_subplot()
    edge = (-0.5, view.width - 0.5, -0.5, view.width - 0.5)
    ax.imshow(_cell_means(view, values), origin="lower", extent=edge, cmap=cmap, vmin=vmin,
              vmax=vmax, alpha=0.45, interpolation="nearest")
    jx, jy = _jitter(len(values))
    dots = ax.scatter(view.x + jx, view.y + jy, c=values, cmap=cmap, vmin=vmin, vmax=vmax, s=3,
                      linewidths=0, rasterized=True)
    fig.colorbar(dots, ax=ax, label=label, shrink=0.7, pad=0.02)
    handles = _draw_institutions(ax, view) + _draw_professionals(ax, view)
    ax.set_xlim(edge[:2])
    ax.set_ylim(edge[2:])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=10)
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=7, frameon=False)
    return fig


def _draw_professionals(ax, view: GridView) -> list[Line2D]:
    handles = []
    for kind, (marker, colour, label) in PRO_STYLE.items():
        where = [(x, y) for x, y, k in view.professionals if k == kind]
        if not where:
            continue
        xy = np.array(where, dtype=float)
        ring = np.arange(len(xy)) * 2.4  # spread professionals sharing a cell
        ax.scatter(xy[:, 0] + 0.25 * np.cos(ring), xy[:, 1] + 0.25 * np.sin(ring),
                   marker=marker, s=34, c=colour, edgecolors="white", linewidths=0.6, zorder=5)
        handles.append(_handle(marker, colour, f"{label}: {len(xy)}"))
    return handles


def _draw_institutions(ax, view: GridView) -> list[Line2D]:
    handles = []
    mode = view.centre_mode
    if mode != "none" and view.centres:
        colour = "gold" if mode == "municipal" else "darkorange"
        xy = np.array([(x, y) for x, y, _ in view.centres], dtype=float)
        quality = float(np.mean([q for _, _, q in view.centres]))
        ax.scatter(xy[:, 0], xy[:, 1], marker="*", s=320, c=colour, edgecolors="black",
                   zorder=6)
        handles.append(_handle("*", colour, f"Community centre ({mode.replace('_', '-')}, "
                                            f"{quality:.0%} running)", size=12))
    layers = (("s", "black", "Specialist agency desk", view.agencies),
              ("h", "tab:cyan", "Mutual-aid circle", view.circles),
              ("P", "deeppink", "Buddy network", view.buddies))
    for marker, colour, label, where in layers:
        if where:
            xy = np.array(where, dtype=float)
            ax.scatter(xy[:, 0], xy[:, 1], marker=marker, s=60, c=colour, edgecolors="white",
                       zorder=4)
            handles.append(_handle(marker, colour, f"{label}: {len(xy)}"))
    return handles


def _handle(marker: str, colour: str, label: str, size: float = 7) -> Line2D:
    return Line2D([], [], marker=marker, color=colour, linestyle="", markersize=size,
                  label=label)


def _panel_axes(fig: Figure, n: int):
    rows = (n + 2) // 3
    return list(fig.subplots(rows, 3, squeeze=False).ravel())


def outcome_figure(table: pd.DataFrame, title: str = "") -> Figure:
    """Live charts of one run: cost by category (stacked) and the five ``PANELS``."""
    fig = Figure(figsize=(11, 5.6))
    fig.subplots_adjust(**CHART_MARGINS)
    axes = _panel_axes(fig, 1 + len(PANELS))
    _cost_panel(axes[0], table)
    for ax, (name, lines, unit) in zip(axes[1:], PANELS, strict=True):
        for outcome, label in lines:
            ax.plot(table["week"], table[outcome], label=label)
        _finish(ax, name, unit, legend=len(lines) > 1)
    fig.suptitle(title, fontsize=11)
    return fig


def _cost_panel(ax, table: pd.DataFrame) -> None:
    labels = [OUTCOME_BY_NAME[name].label for name in COST_CATEGORIES]
    ax.stackplot(table["week"], *(table[name] for name in COST_CATEGORIES), labels=labels,
                 alpha=0.85)
    _finish(ax, "Public cost by category", "EUR/week", legend=True, fontsize=6)


def _finish(ax, name: str, unit: str, legend: bool = False, fontsize: int = 7) -> None:
    ax.set_title(f"{name} ({unit})", fontsize=9)
    ax.set_xlabel("week", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    if legend:
        ax.legend(fontsize=fontsize, loc="upper left")  # "best" is slow: it searches


def difference_figure(a: pd.DataFrame, b: pd.DataFrame, title: str = "") -> Figure:
    """B minus A per week on the same seed, for cost and the five ``PANELS``."""
    weeks = min(len(a), len(b))
    a, b = a.iloc[:weeks], b.iloc[:weeks]
    fig = Figure(figsize=(11, 5.6))
    fig.subplots_adjust(**CHART_MARGINS)
    for ax, (name, lines, unit) in zip(_panel_axes(fig, len(DIFF_PANELS)), DIFF_PANELS,
                                       strict=True):
        for outcome, label in lines:
            ax.plot(a["week"], b[outcome].to_numpy() - a[outcome].to_numpy(), label=label)
        ax.axhline(0.0, color="black", linewidth=0.8)
        _finish(ax, f"{name}: B - A", unit, legend=len(lines) > 1)
    fig.suptitle(title, fontsize=11)
    return fig


def band_figure(reps: pd.DataFrame, title: str = "") -> Figure:
    """Replications: per side the mean over seeds and the 10-90% band.

    With two sides, also the paired difference B - A (mean and band).
    """
    fig = Figure(figsize=(11, 5.6))
    fig.subplots_adjust(**CHART_MARGINS)
    sides = list(dict.fromkeys(reps["side"]))
    for ax, (name, lines, unit) in zip(_panel_axes(fig, len(DIFF_PANELS)), DIFF_PANELS,
                                       strict=True):
        outcome = lines[0][0]
        for side in sides:
            wide = reps[reps["side"] == side].pivot(index="week", columns="seed", values=outcome)
            _band(ax, wide, SIDE_COLOURS.get(side, "grey"), side)
        if len(sides) == 2:
            wide = [reps[reps["side"] == s].pivot(index="week", columns="seed", values=outcome)
                    for s in sides]
            twin = ax.twinx()
            _band(twin, wide[1] - wide[0], "tab:green", "B - A (right axis)")
            twin.legend(fontsize=7, loc="lower right")
        _finish(ax, f"{name}: {lines[0][1]}", unit, legend=True)
    fig.suptitle(title, fontsize=11)
    return fig


def _band(ax, wide: pd.DataFrame, colour: str, label: str) -> None:
    low, high = wide.quantile(0.1, axis=1), wide.quantile(0.9, axis=1)
    ax.fill_between(wide.index, low, high, color=colour, alpha=0.2, linewidth=0)
    ax.plot(wide.index, wide.mean(axis=1), color=colour, label=label, linewidth=1.2)
    ax.tick_params(labelsize=7)
