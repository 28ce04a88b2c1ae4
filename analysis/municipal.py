"""What a municipality run says per neighbourhood, in words (English and Dutch)."""

from __future__ import annotations

import pandas as pd

from wijksim.analysis.language import Texts

MUNICIPALITY = "municipality"  # the summary's row for the whole municipality

TEXTS = Texts(
    "analysis/municipal.py",
    en={"behind": ("Who falls behind where: the worst-off 10% are worst off in {low_name} "
                   "({low}: life satisfaction {low_value:.2f}, municipality {town_low:.2f}); "
                   "unmet need is highest in {unmet_name} ({unmet}: {unmet_value:.1f} h per "
                   "resident per year, municipality {town_unmet:.1f}). One seed: see the "
                   "spread over seeds before reading much into a ranking.")},
    nl={"behind": ("Wie waar achterblijft: de 10% die het slechtst af zijn, zijn het slechtst "
                   "af in {low_name} ({low}: levenstevredenheid {low_value:.2f}, gemeente "
                   "{town_low:.2f}); onvervulde hulpvraag is het grootst in {unmet_name} "
                   "({unmet}: {unmet_value:.1f} uur per inwoner per jaar, gemeente "
                   "{town_unmet:.1f}). Eén seed: bekijk de spreiding over seeds voordat u veel "
                   "in een rangorde leest.")},
)


def behind(summary: pd.DataFrame, names: dict[str, str], lang: str = "en") -> str:
    """Who falls behind where, in a sentence in ``lang``.

    The neighbourhoods lowest in the worst-off's life satisfaction and highest in unmet need,
    against the municipality. ``summary``: one row per neighbourhood and a ``municipality``
    row (``experiments.municipality.municipal_summary``).
    """
    parts = summary[summary["neighbourhood"] != MUNICIPALITY].set_index("neighbourhood")
    town = summary[summary["neighbourhood"] == MUNICIPALITY].iloc[0]
    low, unmet = parts["wellbeing_p10"].idxmin(), parts["unmet_need_hours"].idxmax()
    return TEXTS("behind", lang, low_name=names.get(low, low), low=low,
                 low_value=float(parts.loc[low, "wellbeing_p10"]),
                 town_low=float(town["wellbeing_p10"]), unmet_name=names.get(unmet, unmet),
                 unmet=unmet, unmet_value=float(parts.loc[unmet, "unmet_need_hours"]),
                 town_unmet=float(town["unmet_need_hours"]))
