"""Solara components for one side's settings.

Scenario choice, upload or paste, levers and the teaching text with its "things to try" buttons.

Components hold no model; they receive the side's settings and report changes through
callbacks, so all state stays in the session's ``Page``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from wijksim.analysis.language import choice_label, number, section_label
from wijksim.app.levers import (
    Control,
    all_controls,
    coerce,
    controls_by_section,
    policy_controls,
    step_for,
    value_of,
)
from wijksim.app.rich_text import Markdown
from wijksim.app.safe_text import inert
from wijksim.app.session import (
    WEEKS_PER_YEAR,
    SideSettings,
    load_shipped,
    scenario_from_text,
    shipped,
)
from wijksim.app.texts import LANG, TEXTS
from wijksim.app.workshop.i18n import has_dutch_teaching, scenario_teaching, scenario_title
from wijksim.experiments.scenarios import Scenario, ScenarioError
from wijksim.sim.params import Params

UPLOADED = "uploaded: "


def _show(value: Any, lang: str = "en") -> str:
    """A lever's value as the page shows it: on/off, a choice's label, or the number."""
    if isinstance(value, bool):
        return TEXTS("on" if value else "off", lang)
    if isinstance(value, str):
        return choice_label(value, lang)
    return number(value, lang, "g")


@solara.component
def LeverControl(control: Control, value: Any, on_value: Callable[[str, Any], None],
                 side: str):
    """One parameter as a slider, checkbox or select, labelled with its unit and value."""
    def set_value(raw):
        new = coerce(control, raw)
        if new != value:
            on_value(control.path, new)

    classes = [f"lever-{side}-{control.path.replace('.', '-').replace('_', '-')}"]
    lang = LANG.value
    title = control.title_in(lang)
    if control.kind == "bool":
        solara.Checkbox(label=title, value=bool(value), on_value=set_value)
    elif control.kind == "choice":
        labels = {choice_label(c, lang): c for c in control.choices}
        solara.Select(label=title, values=list(labels), value=choice_label(value, lang),
                      on_value=lambda label: set_value(labels.get(label, label)), dense=True,
                      classes=classes)
    else:
        solara.Text(f"{title}: {_show(value, lang)}", classes=["lever-label"])
        # the slider carries the title too, as its accessible name; its own label is hidden
        # (CSS in the page) because the text above shows it with the value, at full width
        with solara.Div(classes=["lever-slider"]):
            if control.kind == "int":
                solara.SliderInt(title, value=int(value), min=int(control.lo),
                                 max=int(control.hi), step=1, on_value=set_value)
            else:
                solara.SliderFloat(title, value=float(value), min=float(control.lo),
                                   max=float(control.hi), step=float(step_for(control, value)),
                                   on_value=set_value)


@solara.component
def LeverList(controls: list[Control], params: Params | None, settings: SideSettings,
              on_settings: Callable[[SideSettings], None], side: str):
    """Controls for ``controls``, showing the values in ``params`` (stage 0 of the side)."""
    def set_lever(path: str, value: Any):
        on_settings(settings.with_override(path, value))

    lang = LANG.value
    for control in controls:
        value = settings.overrides.get(control.path)
        if value is None and params is not None:
            value = value_of(params, control.path)
        LeverControl(control, value if value is not None else control.default, set_lever, side)
        later = settings.later_changes(control.path)
        if later:
            changes = "; ".join(f"{_show(v, lang)} {when_text(week, lang)}" for week, v in later)
            solara.Text(TEXTS("later_changes", lang, changes=changes),
                        classes=["lever-later", "pre-wrap"])


def when_text(week: int, lang: str = "en") -> str:
    """'from year 2 (week 52)' for a week at a year's start, else 'from week 30'."""
    if week % WEEKS_PER_YEAR == 0:
        return TEXTS("from_year", lang, year=week // WEEKS_PER_YEAR + 1, week=week)
    return TEXTS("from_week", lang, week=week)


@solara.component
def DatedChanges(settings: SideSettings, on_settings: Callable[[SideSettings], None],
                 side: str):
    """The scenario's dated changes, each value editable; none is ever dropped by a lever."""
    timeline = settings.scenario.timeline
    if not timeline:
        return
    controls = all_controls()
    lang = LANG.value

    with solara.Details(TEXTS("dated_title", lang, count=len(timeline)), expand=True):
        solara.Text(TEXTS("dated_help", lang), classes=["pre-wrap"])
        for index, dated in enumerate(timeline):
            with solara.Column(classes=[f"dated-{side}-{index}"]):
                Markdown(f"**{when_text(dated.week, lang).capitalize()}**")
                for path, original in dated.set.items():
                    value = settings.dated.get((index, path), original)
                    control = controls.get(path)
                    if control is None:  # not a lever (cannot happen for a valid scenario)
                        solara.Text(f"{path}: {_show(value, lang)}")
                        continue
                    LeverControl(control, value,
                                 lambda p, v, i=index: on_settings(settings.with_dated(i, p, v)),
                                 f"{side}-dated-{index}")


@solara.component
def AllParameters(params: Params | None, settings: SideSettings,
                  on_settings: Callable[[SideSettings], None], side: str):
    """Every parameter, one section at a time (a select picks the section)."""
    sections = controls_by_section()
    section, set_section = solara.use_state(next(iter(sections)))
    lang = LANG.value
    titles = {section_label(name, lang): name for name in sections}
    with solara.Details(TEXTS("all_parameters", lang)):
        solara.Select(TEXTS("section", lang), values=list(titles),
                      value=section_label(section, lang),
                      on_value=lambda title: set_section(titles[title]), dense=True)
        LeverList(sections[section], params, settings, on_settings, side)


@solara.component
def ScenarioPicker(settings: SideSettings, on_settings: Callable[[SideSettings], None],
                   side: str):
    """Pick a shipped scenario, or upload or paste one; problems are shown with their lines."""
    problems, set_problems = solara.use_state(cast_problems([]))
    pasted, set_pasted = solara.use_state("")
    names = list(shipped())
    values = names if settings.key in names else [*names, settings.key]

    def pick(name: str):
        if name not in names:
            return
        try:
            chosen = load_shipped(name)
        except ScenarioError as error:
            set_problems(list(error.problems))
            return
        set_problems([])
        on_settings(chosen)

    def accept(text: str | bytes, source: str):
        try:
            scenario = scenario_from_text(text, source)
        except ScenarioError as error:
            set_problems(list(error.problems))
            return
        set_problems([])
        on_settings(SideSettings(scenario, f"{UPLOADED}{scenario.name}"))

    lang = LANG.value
    solara.Select(TEXTS("scenario_side", lang, side=side), values=values, value=settings.key,
                  on_value=pick, classes=[f"scenario-select-{side}"])
    with solara.Details(TEXTS("upload_title", lang, side=side)):
        solara.FileDrop(label=TEXTS("drop_label", lang), lazy=False,
                        on_file=lambda info: accept(info["data"], info["name"]))
        solara.InputTextArea(TEXTS("paste_label", lang, side=side), value=pasted,
                             on_value=set_pasted, rows=6, continuous_update=True)
        solara.Button(TEXTS("load_pasted", lang, side=side),
                      on_click=lambda: accept(pasted, "pasted.yaml"), outlined=True,
                      disabled=not pasted.strip())
    if problems:
        solara.Error(TEXTS("cannot_load", lang) + "\n" + "\n".join(problems),
                     classes=["scenario-problems", "pre-wrap"])


def cast_problems(items: list[str]) -> list[str]:
    """An empty problem list (a typed initial value for ``use_state``)."""
    return list(items)


@solara.component
def TeachingPanel(scenario: Scenario, on_try: Callable[[dict], None], side: str):
    """What it is, how it works, things to notice, and things to try (with apply buttons).

    In Dutch when the scenario has a Dutch teaching text (``docs/workshop/teaching_nl``); an
    uploaded scenario without one shows its own text.
    """
    page = LANG.value  # the page's language; the text's own is English if it has no Dutch
    text = "en" if page == "en" or not has_dutch_teaching(scenario.name) else page
    teaching = scenario_teaching(scenario, text)
    title = scenario_title(scenario, text)
    if teaching is None:
        Markdown(f"**{inert(title)}**: {inert(scenario.description)}")
        return
    with solara.Details(TEXTS("about", page, title=title), expand=False):
        Markdown(f"**{TEXTS('what_is_it', page)}** {inert(teaching.what_is_it)}\n\n"
                 f"**{TEXTS('how_it_works', page)}** {inert(teaching.how_it_works)}")
        if teaching.things_to_notice:
            Markdown(f"**{TEXTS('things_to_notice', page)}**\n\n" + "\n".join(
                f"- {inert(item)}" for item in teaching.things_to_notice))
        if teaching.things_to_try:
            Markdown(f"**{TEXTS('things_to_try', page)}**")
        for item in teaching.things_to_try:
            with solara.Row(style={"align-items": "center"}):
                if item.set:
                    solara.Button(TEXTS("try_this", page),
                                  on_click=lambda s=item.set: on_try(dict(s)), small=True,
                                  color="primary", outlined=True,
                                  classes=[f"try-{side}"])
                solara.Text(item.text)


@solara.component
def SideEditor(side: str, settings: SideSettings, params: Params | None,
               problems: tuple[str, ...], on_settings: Callable[[SideSettings], None]):
    """All settings of one side: scenario, teaching text, policy levers, all parameters."""
    lang = LANG.value
    with solara.Card(TEXTS("scenario_side", lang, side=side), classes=[f"side-card-{side}"]):
        ScenarioPicker(settings, on_settings, side)
        TeachingPanel(settings.scenario,
                      lambda changes: on_settings(settings.with_overrides(changes)), side)
        if problems:
            solara.Error(TEXTS("cannot_run", lang) + "\n" + "\n".join(problems),
                         classes=["pre-wrap"])
        Markdown(f"**{TEXTS('policy_levers', lang)}**")
        LeverList(policy_controls(), params, settings, on_settings, side)
        DatedChanges(settings, on_settings, side)
        AllParameters(params, settings, on_settings, side)
        if settings.edited:
            solara.Button(TEXTS("undo_levers", lang), text=True, small=True,
                          on_click=lambda: on_settings(SideSettings(settings.scenario,
                                                                    settings.key)))
