"""The class gallery chart and table: public cost against wellbeing, one point per team.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot), like ``app.figures``, so that
the sessions of a workshop draw at the same time without sharing figure state. This follows
``analysis.plots.cost_vs_wellbeing`` (points with 95% intervals) and adds what a classroom needs:
the starting world as a distinct marker, the budget as a line, labels in the room's language and
a large-type variant for the projector.
"""

from __future__ import annotations

import io
import math

import pandas as pd
from matplotlib.figure import Figure

from wijksim.app.safe_text import inert
from wijksim.app.workshop.i18n import number, outcome_label, t


def _half(row: pd.Series, column: str) -> list[list[float]]:
    lo, hi, mid = row[f"{column}_lo"], row[f"{column}_hi"], row[column]
    if any(isinstance(v, float) and math.isnan(v) for v in (lo, hi)):
        return [[0.0], [0.0]]
    return [[max(mid - lo, 0.0)], [max(hi - mid, 0.0)]]


def gallery_figure(gallery: pd.DataFrame, budget: float, lang: str,
                   large: bool = False) -> Figure:
    """Cost (x) against mean wellbeing (y): teams, the starting world and the budget line."""
    scale = 1.6 if large else 1.0
    fig = Figure(figsize=(11, 6.5) if large else (7.5, 4.8), layout="constrained")
    ax = fig.add_subplot()
    # labels take turns over three heights in the order of cost, so that neighbours along the
    # cost axis (where most results crowd) do not write over each other
    rank = {index: place for place, index in enumerate(gallery["cost"].sort_values().index)}
    for index, row in gallery.iterrows():
        base = bool(row["is_baseline"])
        over = not base and not bool(row["within_budget"])
        style = ({"fmt": "s", "color": "0.35", "mfc": "white", "ms": 9 * scale} if base else
                 {"fmt": "o", "color": "tab:red" if over else "tab:blue", "ms": 7 * scale})
        ax.errorbar(row["cost"], row["wellbeing"], xerr=_half(row, "cost"),
                    yerr=_half(row, "wellbeing"), capsize=3 * scale, **style)
        label = t("baseline", lang) if base else str(row["team"])
        ax.annotate(label, (row["cost"], row["wellbeing"]), textcoords="offset points",
                    xytext=(6, (6, -16, 20)[rank[index] % 3] * scale), fontsize=9 * scale,
                    color="0.3" if base else "black")
    ax.axvline(budget, color="tab:green", linestyle="--", linewidth=1.2 * scale)
    ax.annotate(t("gallery_budget_line", lang), (budget, 1), xycoords=("data", "axes fraction"),
                xytext=(4, -14 * scale), textcoords="offset points", color="tab:green",
                fontsize=9 * scale)
    ax.set_xlabel(t("gallery_cost", lang), fontsize=10 * scale)
    ax.set_ylabel(t("gallery_wellbeing", lang), fontsize=10 * scale)
    ax.tick_params(labelsize=9 * scale)
    ax.margins(0.15)
    ax.grid(alpha=0.3)
    return fig


def png(figure: Figure, dpi: int = 90) -> bytes:
    """A figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()




def _number(value: float, lang: str, digits: int) -> str:
    return number(value, lang, f",.{digits}f")


def extra_outcomes(gallery: pd.DataFrame) -> list[str]:
    """The exercise's own outcomes in a gallery table (beyond cost and wellbeing)."""
    return [column.removesuffix("_lo") for column in gallery.columns
            if column.endswith("_lo") and column not in ("cost_lo", "wellbeing_lo")]


def _digits(value: float) -> int:
    """Decimals that show about three significant figures of a typical value."""
    size = abs(value) if isinstance(value, (int, float)) and math.isfinite(value) else 1.0
    return 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3


def _with_interval(row: pd.Series, column: str, lang: str, digits: int) -> str:
    text = _number(row[column], lang, digits)
    low = row[f"{column}_lo"]
    if not (isinstance(low, float) and math.isnan(low)):
        text += f" ({_number(low, lang, digits)}–{_number(row[f'{column}_hi'], lang, digits)})"
    return text


def gallery_markdown(gallery: pd.DataFrame, lang: str) -> str:
    """The gallery as a Markdown table, one row per team.

    Columns: team, cost, wellbeing, the exercise's own outcomes (each with its interval over
    the seeds) and whether it is within budget.
    """
    extra = extra_outcomes(gallery)
    head = [t("gallery_team", lang), t("gallery_cost", lang), t("gallery_wellbeing", lang),
            *(outcome_label(name, lang) for name in extra), t("gallery_within_budget", lang)]
    rows = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (2 + len(extra)) + "---|"]
    for _, row in gallery.iterrows():
        name = t("baseline", lang) if row["is_baseline"] else inert(row["team"])
        cells = [name, _with_interval(row, "cost", lang, 0),
                 _with_interval(row, "wellbeing", lang, 3)]
        cells += [_with_interval(row, column, lang, _digits(gallery[column].abs().max()))
                  for column in extra]
        cells.append(t("yes", lang) if row["within_budget"] else t("no", lang))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
