"""The app's municipality option: side A's settings in every neighbourhood of a town.

One neighbourhood stays the app's default (and the workshop's); this panel, one click away,
runs the same scenario and levers in every neighbourhood of the shipped example town (made-up
data: 8 neighbourhoods, about 26,000 residents), stepped together as ``wijksim run
--municipality`` does: they share the specialist providers and one budget. It shows who
falls behind where, a table per neighbourhood and a map of the neighbourhoods' outlines.
"""

from __future__ import annotations

import base64
import io
import logging
import time
from pathlib import Path

import pandas as pd
import solara

from wijksim.analysis.document import number
from wijksim.analysis.language import number as notation
from wijksim.analysis.language import outcome_label, unit_label
from wijksim.analysis.municipal import (
    MAP_OUTCOMES,
    MUNICIPALITY,
    NEIGHBOURHOOD_OUTCOMES,
    behind,
)
from wijksim.app.rich_text import Markdown
from wijksim.app.session import SideSettings
from wijksim.app.texts import LANG, TEXTS
from wijksim.experiments.municipality import municipal_summary, run_municipality
from wijksim.experiments.neighbourhood_shapes import read_shapes
from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
from wijksim.sim.outcomes import OUTCOME_BY_NAME

FOLDER = Path(__file__).resolve().parents[1] / "scenarios" / "municipalities"
TOWN = FOLDER / "example_town.csv"
TOWN_SHAPES = FOLDER / "example_town.geojson"

# a line in the server's log for each press of the run button and each town run (started, finished
# in how long, or dropped); the settings each time they change at debug level: a run
# takes tens of seconds and a user who sees nothing come back should be traceable
LOG = logging.getLogger("wijksim.app.town")
if not LOG.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


class _Stopped(Exception):
    """Settings changed while the municipality was being built: the run is dropped."""


def town():
    """The example town's neighbourhoods and their outlines."""
    table = read_neighbourhood_table(TOWN)
    return table, read_shapes(TOWN_SHAPES, [n.code for n in table])


def run_town(side: SideSettings, seed: int, years: int, on_progress=None,
             cancel=None) -> pd.DataFrame:
    """Side A's settings in every neighbourhood of the town, summarised.

    One row per neighbourhood and the municipality
    (``experiments.municipality.municipal_summary``).

    ``on_progress`` is told the share of neighbourhoods set up; ``cancel`` (an Event) stops
    the run between neighbourhoods (raises ``_Stopped``).
    """
    table, _ = town()

    def counted(pairs):
        for done, pair in enumerate(pairs):
            if cancel is not None and cancel.is_set():
                raise _Stopped
            if on_progress is not None:
                on_progress(done / len(pairs))
            yield pair
        if on_progress is not None:
            on_progress(1.0)  # all set up: the weeks run (shown as a moving bar)

    weekly = run_municipality(side.effective_scenario(), table, seed=seed, years=years,
                              progress=counted)
    return municipal_summary(weekly)


def table_markdown(summary: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """The summary as a Markdown table in ``lang``: name, residents, the shown outcomes."""
    heads = [TEXTS("municipality_column_name", lang), TEXTS("municipality_column_residents", lang)]
    for name in NEIGHBOURHOOD_OUTCOMES:
        outcome = OUTCOME_BY_NAME[name]
        heads.append(f"{outcome_label(name, lang)} ({unit_label(outcome.unit, lang)})")
    rows = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for _, row in summary.iterrows():
        code = row["neighbourhood"]
        label = (f"**{TEXTS('municipality_row', lang)}**" if code == MUNICIPALITY
                 else names.get(code, code))
        cells = [label, number(int(row["residents"]), lang)]
        cells += [number(float(row[name]), lang) for name in NEIGHBOURHOOD_OUTCOMES]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def map_png(summary: pd.DataFrame, names: dict[str, str], lang: str) -> bytes:
    """The town's map, coloured by the map outcomes, as PNG bytes (served by the app)."""
    import matplotlib.pyplot as plt

    from wijksim.analysis.plots import neighbourhood_choropleth

    _, shapes = town()
    labels = {name: outcome_label(name, lang) for name in MAP_OUTCOMES}
    figure = neighbourhood_choropleth(summary, list(MAP_OUTCOMES), labels, shapes.rings, names)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return buffer.getvalue()


@solara.component
def MunicipalityView(side: SideSettings, seed: int, years: int, settings_key):
    """The municipality panel: run side A in every neighbourhood of the town, then show it.

    ``settings_key`` changes whenever side A, the seed or the years change; a result for
    other settings is then dropped.
    """
    lang = LANG.value
    session = solara.get_kernel_id()[:8]
    request, set_request = solara.use_state(0)
    progress, set_progress = solara.use_state(None)
    summary, set_summary = solara.use_state(None)
    failure, set_failure = solara.use_state("")

    def work(cancel):
        if request == 0:
            return
        set_summary(None)
        set_failure("")
        set_progress(0.0)
        started = time.perf_counter()
        LOG.info("wijksim town run %s/%d started (settings %s)", session, request, settings_key)
        try:
            result = run_town(side, seed, years, set_progress, cancel)
        except _Stopped:
            LOG.info("wijksim town run %s/%d stopped: the settings changed", session, request)
            return
        except Exception as error:  # noqa: BLE001 - shown on the page, the app goes on
            LOG.info("wijksim town run %s/%d failed: %s", session, request, error)
            if not cancel.is_set():
                set_failure(f"{type(error).__name__}: {error}")
                set_progress(None)
            return
        seconds = time.perf_counter() - started
        if not cancel.is_set():  # settings changed meanwhile: this result is not theirs
            LOG.info("wijksim town run %s/%d finished in %.1f s", session, request, seconds)
            set_summary(result)
            set_progress(None)
        else:
            LOG.info("wijksim town run %s/%d finished in %.1f s but dropped: the settings "
                     "changed meanwhile", session, request, seconds)

    def press():
        LOG.info("wijksim town panel %s: run pressed (request %d)", session, request + 1)
        set_request(request + 1)

    def forget():
        LOG.debug("wijksim town panel %s: settings %s", session, settings_key)
        if request and summary is None and not failure:  # asked, not yet shown: dropped
            LOG.info("wijksim town panel %s: settings changed, run %d dropped", session,
                     request)
        set_summary(None)
        set_failure("")
        set_progress(None)
        set_request(0)

    solara.use_effect(forget, [settings_key])
    solara.use_thread(work, dependencies=[request], intrusive_cancel=False)
    names = solara.use_memo(lambda: {n.code: n.name for n in town()[0]}, [])
    image = solara.use_memo(lambda: map_png(summary, names, lang) if summary is not None
                            else None, [summary, lang])
    with solara.Details(TEXTS("municipality_title", lang)):
        with solara.Column(classes=["municipality"]):
            Markdown(TEXTS("municipality_intro", lang, years=years, seed=seed))
            solara.Button(TEXTS("municipality_run", lang), outlined=True,
                          on_click=press,
                          disabled=progress is not None, classes=["municipality-run"])
            if progress is not None:
                solara.ProgressLinear(True if progress >= 1.0 else progress * 100)
                solara.Text(TEXTS("municipality_progress", lang,
                                  done=notation(progress, lang, ".0%")))
            if failure:
                solara.Error(TEXTS("municipality_failed", lang, error=failure))
            if summary is not None:
                Markdown(behind(summary, names, lang), classes=["municipality-behind"])
                Markdown(table_markdown(summary, names, lang), classes=["municipality-table"])
                # an <img> with alternative text; the picture travels inside the page (no
                # file to fetch: works offline)
                solara.v.Html(tag="img", class_="municipality-map", style_="width: 100%",
                              attributes={"src": "data:image/png;base64,"
                                          + base64.b64encode(image).decode("ascii"),
                                          "alt": TEXTS("municipality_map_alt", lang)})
