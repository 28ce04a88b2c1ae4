"""The neighbourhood grid, drawn on the server.

The weekly charts are drawn in the browser (``app.charts``). The grid takes a copy of model
state (``app.session.GridView``) and returns a ``matplotlib.figure.Figure`` built without
pyplot, so that concurrent sessions share no global figure state and nothing leaks between
redraws.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from wijksim.app.session import GridView

COLOUR_BY = {"wellbeing": ("Life satisfaction (0-10)", "RdYlGn", 5.0, 9.5),
             "need": ("Need for care (h/week)", "Reds", 0.0, 20.0)}
PRO_STYLE = {"specialist": ("^", "tab:blue", "Specialist (on a home visit)"),
             "generalist": ("D", "tab:purple", "Generalist (on a home visit)")}


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
