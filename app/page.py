"""The wijksim what-if page: one session's settings, run controls, grids and charts.

Session isolation: every piece of state (settings, seed, the models) is created inside the
``Page`` component with ``solara.use_state``/``use_memo``. Solara renders ``Page`` once per
browser session (its own virtual kernel), so each session builds and steps its own models;
nothing is kept at module level. Stepping runs in a per-session worker thread
(``solara.use_thread``) in batches, redrawing after each batch, so the page stays responsive.
"""

from __future__ import annotations

import random
import time

import numpy as np
import pandas as pd
import solara

from wijksim.analysis.document import number as cell
from wijksim.analysis.language import (
    group_label,
    money,
    number,
    outcome_label,
    significant,
    summary_unit_label,
)
from wijksim.analysis.summary import mean_interval, summarise_run
from wijksim.app.charts import (
    EChart,
    as_json,
    band_charts,
    describe,
    difference_charts,
    grid_chart,
    outcome_charts,
)
from wijksim.app.components import SideEditor
from wijksim.app.exports import export_name, run_zip, settings_yaml
from wijksim.app.levers import APP_MAX_RESIDENTS, APP_MAX_YEARS, APP_MIN_RESIDENTS, parse_seed
from wijksim.app.municipality_view import MunicipalityView
from wijksim.app.rich_text import Markdown
from wijksim.app.robustness_notes import robustness_notes
from wijksim.app.safe_text import inert
from wijksim.app.session import (
    WEEKS_PER_YEAR,
    Runner,
    SideSettings,
    build_side,
    run_replications,
    runner_key,
)
from wijksim.app.share import read_view, view_query
from wijksim.app.texts import LANG, TEXTS, LanguageSwitch
from wijksim.experiments.provenance import timeline_hash
from wijksim.experiments.scenarios import ScenarioError
from wijksim.sim.outcomes import GROUPS

SUMMARY = ("cost_total", "cost_total_per_hour", "cost_total_per_client", "cost_total_capacity",
           "wellbeing_mean", "wellbeing_p10", "unmet_need_hours", "share_carers_overloaded",
           "waiting_weeks", "informal_hours")
REDRAW_AUTO = "auto"  # redraw by time (twice a second), not by weeks
REDRAW_SECONDS = 0.5
DEFAULT_REPLICATIONS = 5  # seeds run by themselves when a run ends, for the intervals
CSS = (".pre-wrap { white-space: pre-wrap; } .v-input--checkbox { margin-top: 0; } "
       ".lever-label { font-size: 0.85em; color: #444; margin-bottom: -14px; } "
       ".lever-slider .v-input__slot > .v-label { display: none; } "
       # the week counter stays in view while the results scroll under it
       ".week-counter { position: sticky; top: 0; z-index: 5; background: white; "
       "padding: 4px 0; } "
       # Solara's sidebar is as wide as its widest content, and the results start 400 px in:
       # keep it at 400 px (long button labels wrap), and on a phone fit the screen
       ".v-navigation-drawer { max-width: 400px !important; } "
       ".app-controls .v-btn { max-width: 100%; height: auto !important; min-height: 36px; } "
       ".app-controls .v-btn__content { white-space: normal; flex-shrink: 1; } "
       # on a phone the drawer opens under the app bar, so its menu button (which closes
       # the drawer) stays in view
       "@media (max-width: 600px) { .v-navigation-drawer { min-width: 100vw !important; "
       "max-width: 100vw !important; top: 56px !important; "
       "height: calc(100% - 56px) !important; } }")


def for_browser(charts: list[dict]) -> tuple[str, list[str]]:
    """Charts as :func:`Charts` takes them: their options as one JSON list, their descriptions."""
    return as_json(charts), [describe(chart) for chart in charts]


@solara.component
def Charts(charts: tuple[str, list[str]], label: str, classes: list[str], height: int = 250):
    """Charts drawn in the browser (see ``app.charts``), three a row, one a row on a phone.

    ``charts``: the options as JSON and the descriptions (:func:`for_browser`), drawn by one
    widget, so that a redraw is one message.

    The group is a labelled figure for screen readers; each chart carries its own description.
    """
    with solara.Div(classes=classes, attributes={"role": "figure", "aria-label": label}):
        EChart(option_json=charts[0], labels=charts[1], height=height)


@solara.component_vue("menu_label.vue")
def MenuLabel(label: str):
    """Gives the app bar's menu button (an icon) an accessible name."""


@solara.component
def SeedInput(seed: int, on_seed):
    """An integer seed: typed text is cast to int, anything else is refused with a message."""
    text, set_text = solara.use_state(str(seed))
    error, set_error = solara.use_state("")
    solara.use_effect(lambda: set_text(str(seed)), [seed])

    lang = LANG.value

    def typed(value: str):
        set_text(value)
        try:
            on_seed(parse_seed(value))
            set_error("")
        except ValueError:
            set_error(TEXTS("bad_seed", lang, text=value.strip()))

    with solara.Row(style={"align-items": "center"}):
        solara.InputText(TEXTS("seed_label", lang), value=text, on_value=typed,
                         error=error or False, message=error or None, classes=["seed-input"])
        solara.Button(TEXTS("new_seed", lang), on_click=lambda: on_seed(
            random.SystemRandom().randrange(1, 1_000_000)), outlined=True, small=True)


@solara.component
def RunControls(runner: Runner | None, week: int, target: int, end: int, on_target, on_reset,
                batch: int | str, on_batch, on_step=None):
    """Step, Run N weeks, Play/Pause and Reset.

    ``on_step``, when given, takes one step itself (else Step asks for week + 1).
    """
    weeks, set_weeks = solara.use_state(10)
    playing = target > week
    lang = LANG.value
    redraw = {TEXTS("redraw_auto", lang): REDRAW_AUTO, **{str(n): n for n in (1, 4, 13)}}
    shown = {value: label for label, value in redraw.items()}
    with solara.Column():
        with solara.Row():
            solara.Button(TEXTS("step", lang), on_click=on_step or (lambda: on_target(week + 1)),
                          disabled=runner is None or playing, color="primary",
                          classes=["run-step"])
            solara.Button(TEXTS("pause" if playing else "play", lang),
                          on_click=lambda: on_target(week if playing else end),
                          disabled=runner is None or (week >= end and not playing),
                          color="primary", classes=["run-play"])
            solara.Button(TEXTS("reset", lang), on_click=on_reset, outlined=True,
                          classes=["run-reset"])
        solara.SliderInt(TEXTS("weeks_to_run", lang, weeks=weeks), value=weeks, min=1, max=104,
                         on_value=set_weeks)
        solara.Button(TEXTS("run_weeks", lang, weeks=weeks),
                      on_click=lambda: on_target(week + weeks),
                      disabled=runner is None or playing, outlined=True,
                      classes=["run-weeks"])
        solara.Select(TEXTS("redraw", lang), values=list(redraw), value=shown[batch],
                      on_value=lambda label: on_batch(redraw[label]), dense=True)


def use_stepping(runner: Runner | None, target: int, batch: int | str,
                 published: solara.Reactive | None = None) -> int:
    """Step ``runner`` towards week ``target`` in a worker thread, ``batch`` weeks at a time.

    ``batch`` :data:`REDRAW_AUTO` publishes the week every :data:`REDRAW_SECONDS` instead (and
    at the target), so a long run is not slowed by redrawing far more often than eyes follow.

    Returns the week the worker last published, which is what the page shows. The week is
    published in ``published`` ((runner key, week)) when given, so that only the components
    that read it redraw, else in this component's own state.
    """
    own = solara.use_reactive((None, 0))
    published = published if published is not None else own

    def work(cancel):
        auto = batch == REDRAW_AUTO
        shown = time.monotonic()
        while runner is not None and runner.week < target and not cancel.is_set():
            week = runner.step(1 if auto else min(batch, target - runner.week))
            if not auto or week >= target or time.monotonic() - shown >= REDRAW_SECONDS:
                published.value = (runner.key, week)
                shown = time.monotonic()

    solara.use_thread(work, dependencies=[runner, target, batch], intrusive_cancel=False)
    return shown_week(runner, published.value)


def shown_week(runner: Runner | None, published: tuple) -> int:
    """The week the page shows: the one last published for this runner, else where it is."""
    if runner is None:
        return 0
    return published[1] if published[0] == runner.key else runner.week


@solara.component
def Stepper(runner: Runner | None, key, request: solara.Reactive, published: solara.Reactive,
            batch: int | str, end: int):
    """Runs the stepping thread; draws nothing.

    A click or a published week redraws only the components that read ``request`` or
    ``published``, not the whole page.
    """
    target = request.value[1] if request.value[0] == key else 0
    use_stepping(runner, min(target, end), batch, published)


@solara.component
def LiveRunControls(runner: Runner | None, key, request: solara.Reactive,
                    published: solara.Reactive, end: int, on_reset, batch: int | str,
                    on_batch):
    """:func:`RunControls` for the week last published."""
    target = request.value[1] if request.value[0] == key else 0

    def set_target(week: int):
        request.value = (key, min(week, end))

    def step_once():  # in the click itself: one redraw (the new week), not two
        if runner is not None and runner.week < end:
            published.value = (runner.key, runner.step(1))

    RunControls(runner, shown_week(runner, published.value), target, end, set_target,
                on_reset, batch, on_batch, on_step=step_once)


@solara.component
def LiveResults(runner: Runner, published: solara.Reactive, colour_by: str, end: int,
                robustness: tuple | None, years: int):
    """The results for the week last published; the replications once the run has ended."""
    week = shown_week(runner, published.value)
    Results(runner, week, colour_by, end)
    if robustness is not None:
        RobustnessNotes(*robustness)
    Replications(runner, years, finished=week >= end)


def next_runner(previous: Runner | None, timelines: dict, seed: int, key: tuple) -> Runner:
    """The runner for new settings: branch here, or start again.

    Turning Compare on after some weeks (B's settings then equal A's) keeps A's run and
    branches B from A where it is; while B is a branch, changing B branches it again from the
    same week under its new settings. Any other change (A, seed, residents, Reset) starts both
    sides again from week 0.
    """
    def same(a, b) -> bool:
        return timeline_hash(a) == timeline_hash(b)

    if (previous is None or previous.seed != seed or set(timelines) != {"A", "B"}
            or not same(timelines["A"], previous.timelines["A"])):
        return Runner(timelines, seed, key)
    if set(previous.timelines) == {"A"} and previous.week > 0 and same(timelines["B"],
                                                                       timelines["A"]):
        return previous.with_copy(key)
    if previous.branch is not None and "B" in previous.timelines:
        try:
            return previous.rebranched(key, timelines["B"])
        except ValueError:  # a change of how the neighbourhood is built: start again
            pass
    return Runner(timelines, seed, key)


def run_averages(tables: dict) -> dict[str, pd.Series] | None:
    """Each side's outcomes over the weeks run so far, in the CLI's units.

    Flows per resident per year, levels averaged over the weeks; None before the first week.
    """
    if any(len(table) < 2 for table in tables.values()):
        return None
    return {side: summarise_run(table) for side, table in tables.items()}


def summary_text(tables: dict, averages: dict[str, pd.Series] | None = None,
                 lang: str = "en") -> str:
    """The run so far per side (and B - A) in the CLI's units, as Markdown, with a sentence.

    ``averages``: :func:`run_averages` of ``tables`` when already computed.
    """
    averages = averages if averages is not None else run_averages(tables)
    if averages is None:
        return TEXTS("run_some_weeks", lang)
    weeks = len(next(iter(tables.values()))) - 1
    sides = list(averages)
    rows = [TEXTS("averages_over", lang, weeks=weeks, seeds=DEFAULT_REPLICATIONS), "",
            f"| {TEXTS('col_outcome', lang)} | " + " | ".join(sides)
            + (" | B - A |" if len(sides) == 2 else " |"),
            "|---|" + "---|" * (len(sides) + (len(sides) == 2))]
    for name in SUMMARY:
        values = [averages[side][name] for side in sides]
        cells = [cell(v, lang) for v in values]
        if len(values) == 2:
            cells.append(signed(values[1] - values[0], lang))
        rows.append(f"| {outcome_label(name, lang)} ({summary_unit_label(name, lang)}) | "
                    + " | ".join(cells) + " |")
    if len(sides) == 2:
        rows += ["", in_words(averages["A"], averages["B"], lang)]
    return "\n".join(rows)


def groups_text(tables: dict, averages: dict[str, pd.Series] | None = None,
                lang: str = "en") -> str:
    """Who gains and who loses, as Markdown (empty before the first week).

    Life satisfaction and unmet need per group, per side and B - A, averaged over the weeks run.
    ``averages``: :func:`run_averages` of ``tables`` when already computed.
    """
    averages = averages if averages is not None else run_averages(tables)
    if averages is None:
        return ""
    sides = list(averages)
    pair = len(sides) == 2
    head = [TEXTS("col_wellbeing", lang, side=s) for s in sides] + (["B - A"] if pair else [])
    head += [TEXTS("col_unmet", lang, side=s) for s in sides] + (["B - A"] if pair else [])
    rows = [f"| {TEXTS('col_group', lang)} | " + " | ".join(head) + " |",
            "|---|" + "---|" * len(head)]
    for group in GROUPS:
        cells = []
        for name in (group.wellbeing, group.unmet):
            values = [averages[side][name] for side in sides]
            cells += [cell(v, lang) for v in values]
            if pair:
                cells.append(signed(values[1] - values[0], lang))
        rows.append(f"| {group_label(group.name, group.label, lang)} | " + " | ".join(cells)
                    + " |")
    rows += ["", TEXTS("groups_note", lang)]
    return "\n".join(rows)


def signed(value: float, lang: str = "en") -> str:
    """A difference with its sign, to three significant figures ("+115", "-0.00041", "0")."""
    if value == 0 or not np.isfinite(value):
        return "0" if value == 0 else "–"
    if abs(value) >= 1000:
        return number(value, lang, "+,.0f")
    return significant(value, lang, sign=True)


def _change(value: float, lang: str, up: str, down: str) -> str:
    if value == 0:
        return TEXTS("unchanged", lang)
    return TEXTS(up if value > 0 else down, lang, value=significant(abs(value), lang))


def in_words(a: pd.Series, b: pd.Series, lang: str = "en") -> str:
    """B against A in one sentence: cost per resident per year and the worst-off's wellbeing."""
    cost = b["cost_total"] - a["cost_total"]
    p10 = b["wellbeing_p10"] - a["wellbeing_p10"]
    unmet = b["unmet_need_hours"] - a["unmet_need_hours"]
    spend = TEXTS("same_as_a", lang) if cost == 0 else TEXTS(
        "cost_more" if cost > 0 else "cost_less", lang, amount=money(abs(cost), lang))
    return TEXTS("in_words", lang, spend=spend,
                 p10=_change(p10, lang, "points_higher", "points_lower"),
                 unmet=_change(unmet, lang, "hours_more", "hours_less"))


def _texts(tables: dict, lang: str) -> tuple[str, str]:
    """The summary and the groups as Markdown, from one computation of the run averages."""
    averages = run_averages(tables)
    return summary_text(tables, averages, lang), groups_text(tables, averages, lang)


@solara.component
def Results(runner: Runner, week: int, colour_by: str, end: int, lang: str | None = None):
    """Grids side by side, live charts per side, B - A differences and the summary table.

    ``lang``: the language (default the page's; the workshop passes its own).
    """
    key = (runner.key, week)
    lang = lang or LANG.value
    tables = solara.use_memo(runner.tables, [key])
    views = solara.use_memo(runner.views, [key])
    texts = solara.use_memo(lambda: _texts(tables, lang), [key, lang])
    grids = solara.use_memo(lambda: {s: for_browser([grid_chart(
        v, colour_by, TEXTS("grid_title", lang, side=s, week=week), lang)])
        for s, v in views.items()}, [key, colour_by, lang])
    charts = solara.use_memo(lambda: {s: for_browser(outcome_charts(t, s, lang))
                                      for s, t in tables.items()}, [key, lang])
    diff = solara.use_memo(lambda: for_browser(difference_charts(tables["A"], tables["B"],
                                                                 lang))
                           if len(tables) == 2 else None, [key, lang])
    solara.Text(TEXTS("week_counter", lang, week=week, end=end, seed=runner.seed),
                classes=["week-counter"], style={"font-size": "1.2em", "font-weight": "bold"})
    # parts that come and go sit in a container that stays, so that the charts after them keep
    # their place among the children and are updated, not made again (which would lose the
    # zoom and hidden lines the user chose)
    with solara.Div():
        if runner.branch is not None:
            solara.Text(TEXTS("branch_note", lang, week=runner.branch.week),
                        classes=["branch-note"])
    # side by side from 600 px wide, one under the other on a phone
    with solara.ColumnsResponsive(12, small=12 // len(grids)):
        for side, (option, names) in grids.items():
            with solara.Div(classes=[f"grid-{side}"]):
                EChart(option_json=option, labels=names, height=460, columns=1)
    with solara.Div(classes=["run-summary"]):
        Markdown(texts[0], style={"font-size": "0.85em"})
    groups = texts[1]
    with solara.Div():
        if groups:
            with solara.Details(TEXTS("groups_title", lang), expand=True):
                with solara.Div(classes=["run-groups"]):
                    Markdown(groups, style={"font-size": "0.85em"})
    for side, side_charts in charts.items():
        Markdown(TEXTS("weekly_heading", lang, side=side))
        Charts(side_charts, TEXTS("weekly_alt", lang, side=side), [f"charts-{side}"])
    if diff is not None:
        Markdown(TEXTS("diff_heading", lang))
        Charts(diff, TEXTS("diff_alt", lang), ["charts-diff"])


@solara.component
def RobustnessNotes(side_a: SideSettings, side_b: SideSettings):
    """Where B's difference from A holds across plausible worlds (if a run compared them)."""
    unedited = not side_a.edited and not side_b.edited
    names = (side_a.scenario.name, side_b.scenario.name)
    lang = LANG.value
    notes = solara.use_memo(lambda: robustness_notes(*names, lang=lang) if unedited else [],
                            [names, unedited, lang])
    if not notes:
        return
    with solara.Details(TEXTS("robustness_title", lang), expand=True):
        with solara.Div(classes=["robustness-notes"]):
            Markdown("\n".join(f"- {inert(note)}" for note in notes))


def _interval(mean: float, low: float, high: float, lang: str, signed_: bool = False) -> str:
    shown = signed(mean, lang) if signed_ else cell(mean, lang)
    if not np.isfinite(low):
        return shown
    return TEXTS("interval", lang, mean=shown, low=cell(low, lang), high=cell(high, lang))


def interval_text(reps: pd.DataFrame, lang: str = "en") -> str:
    """Replications as a Markdown table with 95% intervals over the seeds.

    Each side's mean and, when comparing, B - A as paired differences (seed by seed) with a
    sentence in words.
    """
    runs = {(side, seed): summarise_run(table.drop(columns=["side", "seed"]))
            for (side, seed), table in reps.groupby(["side", "seed"], sort=False)}
    sides = sorted({side for side, _ in runs})
    seeds = sorted({seed for _, seed in runs})
    per_side = {side: pd.DataFrame([runs[(side, s)] for s in seeds]) for side in sides}
    pair = sides == ["A", "B"]
    diffs = per_side["B"] - per_side["A"] if pair else None
    rows = [TEXTS("seeds_intervals_paired" if pair else "seeds_intervals", lang,
                  seeds=len(seeds)), "",
            f"| {TEXTS('col_outcome', lang)} | " + " | ".join(sides)
            + (" | B - A |" if pair else " |"),
            "|---|" + "---|" * (len(sides) + pair)]
    for name in SUMMARY:
        cells = [_interval(*mean_interval(per_side[side][name]), lang) for side in sides]
        if pair:
            cells.append(_interval(*mean_interval(diffs[name]), lang, signed_=True))
        rows.append(f"| {outcome_label(name, lang)} ({summary_unit_label(name, lang)}) | "
                    + " | ".join(cells) + " |")
    if pair:
        cost = mean_interval(diffs["cost_total"])
        p10 = mean_interval(diffs["wellbeing_p10"])
        rows += ["", TEXTS("interval_sentence", lang, amount=money(abs(cost[0]), lang),
                           more_or_less=TEXTS("more" if cost[0] > 0 else "less", lang),
                           low=cell(cost[1], lang), high=cell(cost[2], lang),
                           p10=signed(p10[0], lang), p10_low=cell(p10[1], lang),
                           p10_high=cell(p10[2], lang))]
    return "\n".join(rows)


@solara.component
def Replications(runner: Runner, years: int, finished: bool = False):
    """N replications (seeds s..s+N-1) of every side in the background, shown as bands.

    They start by themselves once the live run has ``finished`` (so the headline the run ends
    with has intervals), and again on the button (with another count); a change of settings
    cancels them.
    """
    count, set_count = solara.use_state(DEFAULT_REPLICATIONS)
    request, set_request = solara.use_state(0)
    progress, set_progress = solara.use_state(0.0)
    image, set_image = solara.use_state(None)  # the replications' weekly table
    wanted = request > 0 or finished
    lang = LANG.value

    def work(cancel):
        if not wanted:
            return
        seeds = list(range(runner.seed, runner.seed + count))
        set_progress(0.0)
        reps = run_replications(runner.timelines, seeds, years * WEEKS_PER_YEAR, set_progress,
                                cancel)
        if reps is not None:
            set_image(reps)

    def forget():  # other settings: the old intervals no longer apply
        set_image(None)
        set_progress(0.0)

    solara.use_effect(forget, [runner.key])
    solara.use_thread(work, dependencies=[request, runner.key, wanted], intrusive_cancel=False)
    intervals = solara.use_memo(lambda: interval_text(image, lang) if image is not None else "",
                                [image, lang])
    bands = solara.use_memo(lambda: for_browser(band_charts(image, lang))
                            if image is not None else None, [image, lang])
    if wanted and progress < 1.0:
        with solara.Div(classes=["replications-running"]):
            solara.ProgressLinear(progress * 100)
            solara.Text(TEXTS("replications_progress", lang, done=number(progress, lang, ".0%")))
    if intervals:
        with solara.Div(classes=["replication-intervals"]):
            Markdown(intervals, style={"font-size": "0.85em"})
    with solara.Details(TEXTS("replications_title", lang)):
        solara.SliderInt(TEXTS("replications_count", lang, count=count), value=count, min=2,
                         max=20, on_value=set_count)
        solara.Button(TEXTS("run_replications", lang, count=count, years=years), outlined=True,
                      on_click=lambda: set_request(request + 1))
        if bands is not None:
            seeds = sorted(set(image["seed"]))
            Markdown("**" + TEXTS("bands_heading", lang, count=len(seeds), first=seeds[0],
                                  last=seeds[-1]) + "**")
            Charts(bands, TEXTS("bands_alt", lang), ["bands"])


@solara.component
def Downloads(runner: Runner, settings: dict[str, SideSettings]):
    """Export each side's settings as scenario YAML, and the run's data with provenance."""
    exports = {}
    lang = LANG.value
    for side in runner.timelines:
        try:
            exports[side] = settings_yaml(settings[side], runner.timelines[side])
        except ScenarioError as error:
            solara.Error("\n".join(error.problems))
    with solara.Column():
        for side, text in exports.items():
            solara.FileDownload(text, filename=f"{export_name(settings[side])}.yaml",
                                label=TEXTS("export_settings", lang, side=side),
                                mime_type="text/yaml")
        solara.FileDownload(lambda: run_zip(runner.tables(), settings, runner.timelines,
                                            runner.seed),
                            filename=f"wijksim_run_seed{runner.seed}.zip",
                            label=TEXTS("download_run", lang),
                            mime_type="application/zip")


@solara.component
def Page():
    """The whole app for one browser session."""
    router = solara.use_router()
    linked = solara.use_memo(lambda: read_view(router.search), [])  # the link opened
    # a link's language is set before anything is drawn, so the first render is in it
    solara.use_memo(lambda: linked.lang and LANG.set(linked.lang), [])
    lang = LANG.value
    side_a, set_a = solara.use_state(linked.settings["A"])
    side_b, set_b = solara.use_state(linked.settings.get("B", linked.settings["A"]))
    seed, set_seed = solara.use_state(linked.seed)
    residents, set_residents = solara.use_state(linked.residents)
    years, set_years = solara.use_state(linked.years)
    compare, set_compare = solara.use_state(linked.compare)
    link_problems, set_link_problems = solara.use_state(linked.problems)
    colour_by, set_colour_by = solara.use_state("wellbeing")
    batch, set_batch = solara.use_state(REDRAW_AUTO)
    resets, set_resets = solara.use_state(0)
    request = solara.use_reactive((None, 0))     # (settings key, week to run to)
    published = solara.use_reactive((None, 0))   # (runner key, week shown)

    settings = {"A": side_a, "B": side_b} if compare else {"A": side_a}
    query = view_query(settings, seed, residents, years, lang)

    def switch_compare(on: bool):  # B starts as a copy of A: the difference is what you change
        if on:
            set_b(side_a)
        set_compare(on)

    def follow_link():  # Back, Forward or an edited address: show the view it holds
        if (router.search or "") == query or not router.search:
            return
        view = read_view(router.search)
        if view_query(view.settings, view.seed, view.residents, view.years,
                      view.lang or lang) == query:
            # the view shown, in other words (an address without the language, as the
            # browser's first address can come back after the page has written its own):
            # write the page's address again
            router.push(f"{router.path}?{query}")
            return
        if view.lang:
            LANG.set(view.lang)
        set_a(view.settings["A"])
        set_b(view.settings.get("B", view.settings["A"]))
        set_compare(view.compare)
        set_seed(view.seed)
        set_residents(view.residents)
        set_years(view.years)
        set_link_problems(view.problems)

    def keep_link():  # the address bar always holds a link to what is shown
        if (router.search or "") != query:
            router.push(f"{router.path}?{query}")

    solara.use_effect(follow_link, [router.search])
    solara.use_effect(keep_link, [query])
    built = {side: build_side(s, residents) for side, s in settings.items()}
    ok = all(b.timeline is not None for b in built.values())
    timelines = {side: b.timeline for side, b in built.items()}
    key = (*runner_key(timelines, seed), resets) if ok else None
    previous = solara.use_ref(None)
    runner = solara.use_memo(lambda: next_runner(previous.current, timelines, seed, key)
                             if ok else None, [key])
    previous.current = runner
    end = years * WEEKS_PER_YEAR
    Stepper(runner, key, request, published, batch, end)

    solara.Title(TEXTS("app_title", lang))
    solara.Style(CSS)
    MenuLabel(label=TEXTS("menu_label", lang))
    # the controls in Solara's sidebar: beside the results from 960 px wide, a drawer behind
    # the menu button on a phone (as Mesa's SolaraViz); the results take the main area
    with solara.Sidebar():
        with solara.Column(classes=["app-controls"]):
            LanguageSwitch(linked.lang)
            Markdown(TEXTS("intro", lang))
            if link_problems:
                solara.Warning(TEXTS("link_problems", lang) + "\n"
                               + "\n".join(problem.text(lang) for problem in link_problems),
                               classes=["link-problems", "pre-wrap"])
            LiveRunControls(runner, key, request, published, end,
                            lambda: set_resets(resets + 1), batch, set_batch)
            SeedInput(seed, set_seed)
            solara.SliderInt(TEXTS("residents", lang, residents=residents), value=residents,
                             min=APP_MIN_RESIDENTS, max=APP_MAX_RESIDENTS, step=100,
                             on_value=set_residents)
            solara.SliderInt(TEXTS("years", lang, years=years), value=years, min=1,
                             max=APP_MAX_YEARS, on_value=set_years)
            solara.Switch(label=TEXTS("compare", lang), value=compare, on_value=switch_compare,
                          classes=["compare-switch"])
            SideEditor("A", side_a, built["A"].timeline and built["A"].timeline.start,
                       built["A"].problems, set_a)
            if compare:
                SideEditor("B", side_b, built["B"].timeline and built["B"].timeline.start,
                           built["B"].problems, set_b)
            if runner is not None:
                Downloads(runner, settings)
    with solara.Column(classes=["app-results"]):
        colours = {TEXTS(f"colour.{name}", lang): name for name in ("wellbeing", "need")}
        with solara.Row(style={"align-items": "center"}):
            solara.Text(TEXTS("colour_by", lang))
            solara.ToggleButtonsSingle(value=TEXTS(f"colour.{colour_by}", lang),
                                       values=list(colours),
                                       on_value=lambda label: set_colour_by(colours[label]),
                                       classes=["colour-by"])
        if runner is not None:
            LiveResults(runner, published, colour_by, end,
                        (side_a, side_b) if compare else None, years)
        if built["A"].timeline is not None:  # the same settings in every neighbourhood
            # keyed: a run under way survives the results above it appearing or going
            MunicipalityView(side_a, seed, years,
                             (timeline_hash(built["A"].timeline), seed, years)
                             ).key("municipality-view")
