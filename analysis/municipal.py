"""What a municipality run says per neighbourhood, in words (English and Dutch)."""

from __future__ import annotations

import functools
import hashlib
import inspect
import json

import numpy as np
import pandas as pd

from wijksim.analysis.language import Texts

MUNICIPALITY = "municipality"  # the summary's row for the whole municipality
NEIGHBOURHOOD = "neighbourhood"  # the column naming a row's neighbourhood (or the municipality)
# what a municipality's map shows, and its tables (the map's and the specialist wait: the shared
# waiting list carries a policy's effect from one neighbourhood to the others)
MAP_OUTCOMES = ("cost_total", "wellbeing_p10", "unmet_need_hours")
NEIGHBOURHOOD_OUTCOMES = (*MAP_OUTCOMES, "waiting_weeks")
# what `wijksim compare --municipality` reports: the above, and the carers' side (care that
# crosses the borders between neighbourhoods, and its weight on carers)
COMPARE_OUTCOMES = (*NEIGHBOURHOOD_OUTCOMES, "carer_burden", "share_carers_overloaded",
                    "informal_from_elsewhere")

TEXTS = Texts(
    "analysis/municipal.py",
    en={"behind": ("Who falls behind where: the worst-off 10% are worst off in {low_name} "
                   "({low}: life satisfaction {low_value:.2f}, municipality {town_low:.2f}); "
                   "unmet need is highest in {unmet_name} ({unmet}: {unmet_value:.1f} h per "
                   "resident per year, municipality {town_unmet:.1f})."),
        "one_seed": "One seed: see the spread over seeds before reading much into a ranking.",
        "mean_of_runs": "Means over {runs} runs."},
    nl={"behind": ("Wie waar achterblijft: de 10% die het slechtst af zijn, zijn het slechtst "
                   "af in {low_name} ({low}: levenstevredenheid {low_value:.2f}, gemeente "
                   "{town_low:.2f}); onvervulde hulpvraag is het grootst in {unmet_name} "
                   "({unmet}: {unmet_value:.1f} uur per inwoner per jaar, gemeente "
                   "{town_unmet:.1f})."),
        "one_seed": ("Eén seed: bekijk de spreiding over seeds voordat u veel in een rangorde "
                     "leest."),
        "mean_of_runs": "Gemiddelden over {runs} runs."},
)


def behind(summary: pd.DataFrame, names: dict[str, str], lang: str = "en",
           runs: int = 1) -> str:
    """Who falls behind where, in a sentence in ``lang``.

    The neighbourhoods lowest in the worst-off's life satisfaction and highest in unmet need,
    against the municipality. ``summary``: one row per neighbourhood and a ``municipality``
    row (``experiments.municipality.municipal_summary``); ``runs``: how many runs its
    figures are the mean of (one: a caution about ranking on one seed).
    """
    parts = summary[summary["neighbourhood"] != MUNICIPALITY].set_index("neighbourhood")
    town = summary[summary["neighbourhood"] == MUNICIPALITY].iloc[0]
    low, unmet = parts["wellbeing_p10"].idxmin(), parts["unmet_need_hours"].idxmax()
    return TEXTS("behind", lang, low_name=names.get(low, low), low=low,
                 low_value=float(parts.loc[low, "wellbeing_p10"]),
                 town_low=float(town["wellbeing_p10"]), unmet_name=names.get(unmet, unmet),
                 unmet=unmet, unmet_value=float(parts.loc[unmet, "unmet_need_hours"]),
                 town_unmet=float(town["unmet_need_hours"])) + " " + (
        TEXTS("one_seed", lang) if runs == 1 else TEXTS("mean_of_runs", lang, runs=runs))


# outcomes that are a neighbourhood's total without being summed over weeks (the others with
# aggregation "mean", "last" or "year" are per resident, per person or shares)
COUNTS = ("residents", "waiting", "specialist_waiting", "plans_active", "budget_balance")
# means over some people, not over residents: the municipality's is weighted by how many
# they are in each neighbourhood (the mean wait over everyone on the municipality's lists)
WEIGHTED_BY = {"waiting_weeks": "specialist_waiting"}


@functools.cache
def rules_hash() -> str:
    """SHA-256 of how a municipality's rows are made from its neighbourhoods'.

    The constants and the code of :func:`municipal_weeks` and :func:`adds_up`. Part of the
    key of every stored municipal run: the stored municipal rows are made with these rules,
    so a change to them must not reuse rows made under the old ones. (The source's text is
    hashed, comments included: an edited comment makes the runs again, which costs time but
    is never wrong. The neighbourhoods' own rows depend on ``sim/``, which the code version
    in every key covers, and on the code that builds and runs them, which
    ``experiments.provenance.municipal_code_hash`` covers.)
    """
    text = json.dumps({"counts": COUNTS, "weighted_by": WEIGHTED_BY,
                       "code": [inspect.getsource(f) for f in (municipal_weeks, adds_up)]},
                      sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def adds_up(name: str) -> bool:
    """Whether the municipality's value of an outcome is the sum of its neighbourhoods'.

    Weekly flows (EUR, hours, events per week) and counts add up; per-resident figures and
    shares are combined weighted by residents (exact for shares of residents, an approximation
    for shares of households or carers and for percentiles).
    """
    from wijksim.sim.outcomes import OUTCOME_BY_NAME

    return OUTCOME_BY_NAME[name].aggregation == "sum" or name in COUNTS


def municipal_weeks(weekly: pd.DataFrame) -> pd.DataFrame:
    """The municipality's week-by-week table, from its neighbourhoods'.

    ``weekly`` has a ``neighbourhood`` column; the result's is ``municipality``. Flows and
    counts are summed; other outcomes are residents-weighted means (see :func:`adds_up`), but
    the wait is weighted by the places on the lists (``WEIGHTED_BY``: the mean over everyone
    waiting in the municipality, 0 when nobody waits, as in a neighbourhood; NaN for a table
    stored without the places, from before they were counted).
    Summarised, it gives the municipal row of ``municipal_summary``.
    """
    from wijksim.sim.outcomes import OUTCOMES

    names = [o.name for o in OUTCOMES if o.name in weekly.columns]
    week = weekly["week"]
    by_week = weekly.groupby("week", sort=True)
    residents = weekly["residents"].astype(float)
    columns = {"neighbourhood": MUNICIPALITY}
    for name in weekly.columns:
        if name in ("neighbourhood", "week", "neighbourhood_seed"):  # not the municipality's
            continue
        if name not in names:  # scenario, seed and other labels: the same in every row
            columns[name] = by_week[name].first()
        elif adds_up(name):
            columns[name] = by_week[name].sum()
        else:
            weighting = WEIGHTED_BY.get(name)
            if weighting is not None and weighting not in weekly.columns:
                # a table from before the weight was stored: the municipal value is unknown,
                # not the residents-weighted mean (another quantity)
                columns[name] = pd.Series(np.nan, index=by_week[name].first().index)
                continue
            by = weekly[weighting].astype(float) if weighting is not None else residents
            values = weekly[name].astype(float)
            weighted = (values.fillna(0.0) * by).groupby(week).sum()
            weight = by.where(values.notna(), 0.0).groupby(week).sum()
            columns[name] = (weighted / weight).where(weight > 0, 0.0 if name in WEIGHTED_BY
                                                      else np.nan)
    out = pd.DataFrame(columns).rename_axis("week").reset_index()
    return out[["neighbourhood", *[c for c in weekly.columns if c in out.columns
                                    and c != "neighbourhood"]]]
