"""Charts drawn in the browser: ECharts options built from the run's weekly tables and grid.

The page sends each chart's data and the browser draws it (ECharts 5.4, which the pinned
``solara-assets`` package serves from the app itself, so the charts work with no internet).
That replaces the server-rendered PNGs, which cost about half a second of server time per
redraw at 5,000 residents and could not be hovered, zoomed or filtered. Each chart is one
option dict (one panel): a title with the unit, a tooltip on hover, a legend whose entries
switch lines on and off, and zoom on the week axis (drag the slider or scroll).

Every option carries an ``aria`` description, which ECharts puts on the chart for screen
readers; :func:`describe` gives the same text for the container's ``aria-label``. Titles,
lines and descriptions are in the page's language (``lang``); so are the numbers in the tooltips
and on the axes (``echart.vue`` formats them in the option's ``_lang``).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import solara

from wijksim.analysis.language import number, outcome_label, unit_label
from wijksim.app.session import GridView
from wijksim.app.texts import TEXTS
from wijksim.sim.outcomes import COST_CATEGORIES

# (panel title key, [(outcome, line label key)], unit), texts in app/texts.py
PANELS: tuple[tuple[str, tuple[tuple[str, str], ...], str], ...] = (
    ("panel.wellbeing", (("wellbeing_mean", "line.mean"), ("wellbeing_p10", "line.p10")),
     "0-10"),
    ("panel.unmet", (("unmet_need_hours", "line.unmet"),), "h/week"),
    ("panel.overloaded", (("share_carers_overloaded", "line.share_of_carers"),), "share"),
    ("panel.waiting", (("waiting_weeks", "line.waited"),), "weeks"),
    ("panel.hours", (("informal_hours", "line.informal"),
                     ("specialist_direct_hours", "line.specialist"),
                     ("generalist_direct_hours", "line.generalist")), "h/week"),
)
DIFF_PANELS: tuple[tuple[str, tuple[tuple[str, str], ...], str], ...] = (
    ("panel.contract", (("cost_total", "line.in_force"),
                        ("cost_total_per_hour", "line.per_hour"),
                        ("cost_total_per_client", "line.per_client"),
                        ("cost_total_capacity", "line.capacity")), "EUR/week"),
    *PANELS)
SIDE_COLOURS = {"A": "#1f77b4", "B": "#ff7f0e"}
DIFFERENCE_COLOUR = "#2ca02c"
SIGNIFICANT = 4  # digits sent per value: more than a chart can show, and a smaller message


@solara.component_vue("echart.vue")
def EChart(option_json: str, labels: list[str], height: int = 250, columns: int = 3):
    """Charts drawn in the browser from their options as one JSON list (see ``echart.vue``).

    ``labels`` name the charts for screen readers (``role="img"``), one per option; ``height``
    of each chart in pixels; up to ``columns`` a row on a wide screen, one a row on a phone.
    One widget for a group of charts: a redraw sends the group in one message. A chart out of
    view is redrawn when it comes into view or the browser is idle.
    """


def as_json(charts: list[dict]) -> str:
    """Charts' options as the JSON :func:`EChart` takes."""
    return json.dumps(charts, separators=(",", ":"), allow_nan=False)


def outcome_charts(table: pd.DataFrame, side: str, lang: str = "en") -> list[dict]:
    """One run's weekly charts: public cost by category (stacked) and the five ``PANELS``."""
    weeks = _weeks(table["week"])
    cost = [_series(outcome_label(name, lang), weeks, table[name], stack="cost")
            for name in COST_CATEGORIES]
    charts = [_chart(TEXTS("chart_cost_by_category", lang, side=side), "EUR/week", cost, lang)]
    for title, lines, unit in PANELS:
        charts.append(_chart(TEXTS("chart_side", lang, title=TEXTS(title, lang), side=side),
                             unit, [_series(TEXTS(label, lang), weeks, table[outcome])
                                    for outcome, label in lines], lang))
    return charts


def difference_charts(a: pd.DataFrame, b: pd.DataFrame, lang: str = "en") -> list[dict]:
    """B minus A per week on the same seed, for cost by contract form and the ``PANELS``."""
    weeks = min(len(a), len(b))
    a, b = a.iloc[:weeks], b.iloc[:weeks]
    x = _weeks(a["week"])
    charts = []
    for title, lines, unit in DIFF_PANELS:
        series = [_series(TEXTS(label, lang), x, b[outcome].to_numpy() - a[outcome].to_numpy())
                  for outcome, label in lines]
        series[0]["markLine"] = {"silent": True, "symbol": "none", "data": [{"yAxis": 0}],
                                 "lineStyle": {"color": "#000", "type": "solid", "width": 1}}
        charts.append(_chart(TEXTS("chart_difference", lang, title=TEXTS(title, lang)), unit,
                             series, lang))
    return charts


def band_charts(reps: pd.DataFrame, lang: str = "en") -> list[dict]:
    """Replications: per side the mean over the seeds and its 10-90% band.

    With two sides each chart also shows the paired difference B - A (mean and band, on its
    own axis at the right).
    """
    sides = list(dict.fromkeys(reps["side"]))
    charts = []
    for title, lines, unit in DIFF_PANELS:
        outcome, label = lines[0]
        wide = {side: reps[reps["side"] == side].pivot(index="week", columns="seed",
                                                       values=outcome) for side in sides}
        series = []
        for side in sides:
            series += _band(side, wide[side], SIDE_COLOURS.get(side, "#888"), axis=0)
        if len(sides) == 2:
            series += _band("B - A", wide[sides[1]] - wide[sides[0]], DIFFERENCE_COLOUR, axis=1)
        chart = _chart(TEXTS("chart_band", lang, title=TEXTS(title, lang),
                             line=TEXTS(label, lang)), unit, series, lang)
        if len(sides) == 2:
            chart["yAxis"] = [chart["yAxis"], {"type": "value", "scale": True,
                                               "name": "B - A", "splitLine": {"show": False}}]
        charts.append(chart)
    return charts


def describe(chart: dict) -> str:
    """A chart in words (its title and the lines it shows), for screen readers."""
    given = chart.get("aria", {}).get("label", {}).get("description")
    if given:
        return given
    names = [s["name"] for s in chart["series"] if not s.get("_band_edge")]
    return TEXTS("chart_described", chart.get("_lang", "en"), title=chart["title"]["text"],
                 lines=", ".join(dict.fromkeys(names)))


def _chart(title: str, unit: str, series: list[dict], lang: str) -> dict:
    chart = {
        "_lang": lang,  # echart.vue writes the numbers of tooltips and axes in this language
        "animation": False,  # a live run redraws every few weeks: no time for animation
        "title": {"text": f"{title} ({unit_label(unit, lang)})", "left": 4,
                  "textStyle": {"fontSize": 12}},
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 20, "textStyle": {"fontSize": 10},
                   "data": list(dict.fromkeys(s["name"] for s in series
                                              if not s.get("_band_edge")))},
        "grid": {"left": 56, "right": 48, "top": 52, "bottom": 46},
        "xAxis": {"type": "value", "name": TEXTS("week_axis", lang), "nameLocation": "middle",
                  "nameGap": 22,
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


# the grid's colour scales: (label key, colours from low to high, low end, high end)
COLOUR_BY = {"wellbeing": ("grid.wellbeing", ["#d73027", "#fee08b", "#1a9850"], 5.0, 9.5),
             "need": ("grid.need", ["#fff5f0", "#fb6a4a", "#67000d"], 0.0, 20.0)}
# marker and colour of what stands on the grid (legend labels: place.<kind> in app/texts.py)
PLACES = {"specialist": ("triangle", "#1f77b4"),
          "generalist": ("diamond", "#9467bd"),
          "agency": ("rect", "#000000"),
          "circle": ("circle", "#17becf"),
          "buddy": ("roundRect", "#e377c2")}
STAR = ("path://M50,0 L61,35 L98,35 L68,57 L79,91 L50,70 L21,91 L32,57 L2,35 L39,35 Z")


def grid_chart(view: GridView, colour_by: str = "wellbeing", title: str = "",
               lang: str = "en") -> dict:
    """The neighbourhood: each cell coloured by its residents' mean, and what stands on it.

    A cell's tooltip gives its mean and how many residents live there; professionals on home
    visits, community centres, agency desks, circles and buddy networks are markers with a
    legend (click an entry to hide it).
    """
    key, colours, low, high = COLOUR_BY[colour_by]
    label = TEXTS(key, lang)
    values = view.wellbeing if colour_by == "wellbeing" else view.need
    cells = _cell_means(view, values)
    series = [{"type": "heatmap", "name": label, "data": cells,
               "dimensions": ["column", "row", label, TEXTS("cell_residents", lang)],
               "encode": {"x": 0, "y": 1, "value": 2, "tooltip": [2, 3]}}]
    series += _place_series(view, lang)
    chart = {
        "_lang": lang,
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 12}},
        "tooltip": {},
        "legend": {"type": "scroll", "bottom": 0, "textStyle": {"fontSize": 10},
                   "data": [s["name"] for s in series[1:]]},
        "grid": {"left": 8, "right": 70, "top": 28, "bottom": 56},
        "xAxis": {"type": "category", "data": list(range(view.width)), "show": False},
        "yAxis": {"type": "category", "data": list(range(view.width)), "show": False},
        "visualMap": {"min": low, "max": high, "calculable": True, "orient": "vertical",
                      "right": 0, "top": "middle", "itemHeight": 120, "seriesIndex": 0,
                      "dimension": 2,
                      "text": [number(high, lang, "g"), number(low, lang, "g")],
                      "inRange": {"color": colours},
                      "textStyle": {"fontSize": 10}},
        "series": series,
    }
    places = ", ".join(s["name"] for s in series[1:]) or TEXTS("grid_nothing", lang)
    chart["aria"] = {"enabled": True, "label": {"description": TEXTS(
        "grid_described", lang, title=title, colour=label.lower(), places=places)}}
    return chart


def _cell_means(view: GridView, values: np.ndarray) -> list[list]:
    """[column, row, mean, residents] for every cell with residents."""
    index = view.y.astype(np.int64) * view.width + view.x.astype(np.int64)
    count = np.bincount(index, minlength=view.width ** 2)
    total = np.bincount(index, weights=values, minlength=view.width ** 2)
    lived = np.flatnonzero(count)
    means = _values(total[lived] / count[lived])
    return [[int(i % view.width), int(i // view.width), m, int(n)]
            for i, m, n in zip(lived, means, count[lived], strict=True)]


def _place_series(view: GridView, lang: str) -> list[dict]:
    where = {"specialist": [(x, y) for x, y, k in view.professionals if k == "specialist"],
             "generalist": [(x, y) for x, y, k in view.professionals if k == "generalist"],
             "agency": view.agencies, "circle": view.circles, "buddy": view.buddies}
    series = []
    if view.centre_mode != "none" and view.centres:
        quality = float(np.mean([q for _, _, q in view.centres]))
        colour = "#ffd700" if view.centre_mode == "municipal" else "#ff8c00"
        name = TEXTS("place.centre", lang, mode=TEXTS(f"centre.{view.centre_mode}", lang),
                     running=number(quality, lang, ".0%"))
        series.append(_markers(name, STAR, colour, 22, [(x, y) for x, y, _ in view.centres]))
    for kind, (symbol, colour) in PLACES.items():
        if where[kind]:
            series.append(_markers(f"{TEXTS(f'place.{kind}', lang)}: {len(where[kind])}",
                                   symbol, colour, 9, where[kind]))
    return series


def _markers(name: str, symbol: str, colour: str, size: int, where: list) -> dict:
    return {"type": "scatter", "name": name, "symbol": symbol, "symbolSize": size,
            "itemStyle": {"color": colour, "borderColor": "#fff", "borderWidth": 1},
            "data": [[int(x), int(y)] for x, y in where],
            "tooltip": {"formatter": "{a}"}}
