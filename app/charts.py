"""Charts drawn in the browser: ECharts options built from the run's weekly tables.

The page sends each chart's data and the browser draws it (ECharts 5.4, which the pinned
``solara-assets`` package serves from the app itself, so the charts work with no internet).
That replaces the server-rendered PNGs, which cost about half a second of server time per
redraw at 5,000 residents and could not be hovered, zoomed or filtered. Each chart is one
option dict (one panel): a title with the unit, a tooltip on hover, a legend whose entries
switch lines on and off, and zoom on the week axis (drag the slider or scroll).

Every option carries an ``aria`` description, which ECharts puts on the chart for screen
readers; :func:`describe` gives the same text for the container's ``aria-label``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wijksim.sim.outcomes import COST_CATEGORIES, OUTCOME_BY_NAME

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
SIDE_COLOURS = {"A": "#1f77b4", "B": "#ff7f0e"}
DIFFERENCE_COLOUR = "#2ca02c"
SIGNIFICANT = 4  # digits sent per value: more than a chart can show, and a smaller message


def outcome_charts(table: pd.DataFrame, side: str) -> list[dict]:
    """One run's weekly charts: public cost by category (stacked) and the five ``PANELS``."""
    weeks = _weeks(table["week"])
    cost = [_series(OUTCOME_BY_NAME[name].label, weeks, table[name], stack="cost")
            for name in COST_CATEGORIES]
    charts = [_chart(f"Public cost by category, {side}", "EUR/week", cost)]
    for name, lines, unit in PANELS:
        charts.append(_chart(f"{name}, {side}", unit,
                             [_series(label, weeks, table[outcome]) for outcome, label in lines]))
    return charts


def difference_charts(a: pd.DataFrame, b: pd.DataFrame) -> list[dict]:
    """B minus A per week on the same seed, for cost by contract form and the ``PANELS``."""
    weeks = min(len(a), len(b))
    a, b = a.iloc[:weeks], b.iloc[:weeks]
    x = _weeks(a["week"])
    charts = []
    for name, lines, unit in DIFF_PANELS:
        series = [_series(label, x, b[outcome].to_numpy() - a[outcome].to_numpy())
                  for outcome, label in lines]
        series[0]["markLine"] = {"silent": True, "symbol": "none", "data": [{"yAxis": 0}],
                                 "lineStyle": {"color": "#000", "type": "solid", "width": 1}}
        charts.append(_chart(f"{name}: B - A", unit, series))
    return charts


def band_charts(reps: pd.DataFrame) -> list[dict]:
    """Replications: per side the mean over the seeds and its 10-90% band.

    With two sides each chart also shows the paired difference B - A (mean and band, on its
    own axis at the right).
    """
    sides = list(dict.fromkeys(reps["side"]))
    charts = []
    for name, lines, unit in DIFF_PANELS:
        outcome, label = lines[0]
        wide = {side: reps[reps["side"] == side].pivot(index="week", columns="seed",
                                                       values=outcome) for side in sides}
        series = []
        for side in sides:
            series += _band(side, wide[side], SIDE_COLOURS.get(side, "#888"), axis=0)
        if len(sides) == 2:
            series += _band("B - A", wide[sides[1]] - wide[sides[0]], DIFFERENCE_COLOUR, axis=1)
        chart = _chart(f"{name}: {label}", unit, series)
        if len(sides) == 2:
            chart["yAxis"] = [chart["yAxis"], {"type": "value", "scale": True,
                                               "name": "B - A", "splitLine": {"show": False}}]
        charts.append(chart)
    return charts


def describe(chart: dict) -> str:
    """A chart in words (its title and the lines it shows), for screen readers."""
    names = [s["name"] for s in chart["series"] if not s.get("_band_edge")]
    return f"Chart: {chart['title']['text']}; lines: {', '.join(dict.fromkeys(names))}"


def _chart(title: str, unit: str, series: list[dict]) -> dict:
    chart = {
        "animation": False,  # a live run redraws every few weeks: no time for animation
        "title": {"text": f"{title} ({unit})", "left": 4, "textStyle": {"fontSize": 12}},
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 20, "textStyle": {"fontSize": 10},
                   "data": list(dict.fromkeys(s["name"] for s in series
                                              if not s.get("_band_edge")))},
        "grid": {"left": 56, "right": 48, "top": 52, "bottom": 46},
        "xAxis": {"type": "value", "name": "week", "nameLocation": "middle", "nameGap": 22,
                  "minInterval": 1},
        "yAxis": {"type": "value", "scale": True},
        "dataZoom": [{"type": "inside"}, {"type": "slider", "height": 12, "bottom": 4}],
        "series": series,
    }
    chart["aria"] = {"enabled": True, "label": {"description": describe(chart)}}
    return chart


def _series(name: str, weeks: list, values, stack: str | None = None) -> dict:
    series = {"type": "line", "name": name, "showSymbol": False,
              "data": [[w, v] for w, v in zip(weeks, _values(values), strict=True)]}
    if stack is not None:
        series.update(stack=stack, areaStyle={"opacity": 0.85}, lineStyle={"width": 0.5})
    return series


def _band(name: str, wide: pd.DataFrame, colour: str, axis: int) -> list[dict]:
    """A mean line and its 10-90% band (a lower edge and a stacked filled width above it)."""
    weeks = _weeks(wide.index)
    low, high = wide.quantile(0.1, axis=1), wide.quantile(0.9, axis=1)
    stack = f"band {name}"
    edge = {"type": "line", "name": name, "_band_edge": True, "stack": stack, "symbol": "none",
            "yAxisIndex": axis, "lineStyle": {"opacity": 0}, "tooltip": {"show": False},
            "data": [[w, v] for w, v in zip(weeks, _values(low), strict=True)]}
    width = {**edge, "areaStyle": {"color": colour, "opacity": 0.2},
             "data": [[w, v] for w, v in zip(weeks, _values(high - low), strict=True)]}
    mean = {"type": "line", "name": name, "showSymbol": False, "yAxisIndex": axis,
            "color": colour, "data": [[w, v] for w, v in
                                      zip(weeks, _values(wide.mean(axis=1)), strict=True)]}
    return [edge, width, mean]


def _weeks(weeks) -> list[int]:
    return [int(w) for w in np.asarray(weeks)]


def _values(values) -> list:
    """Numbers for JSON: rounded to ``SIGNIFICANT`` digits, not-a-number as null (a gap)."""
    array = np.asarray(values, dtype=float)
    return [None if not math.isfinite(v) else float(f"{v:.{SIGNIFICANT}g}") for v in array]
