"""Solara components for one side's settings.

Scenario choice, upload or paste, levers and the teaching text with its "things to try" buttons.

Components hold no model; they receive the side's settings and report changes through
callbacks, so all state stays in the session's ``Page``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

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
from wijksim.experiments.scenarios import Scenario, ScenarioError
from wijksim.sim.params import Params

UPLOADED = "uploaded: "


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@solara.component
def LeverControl(control: Control, value: Any, on_value: Callable[[str, Any], None],
                 side: str):
    """One parameter as a slider, checkbox or select, labelled with its unit and value."""
    def set_value(raw):
        new = coerce(control, raw)
        if new != value:
            on_value(control.path, new)

    classes = [f"lever-{side}-{control.path.replace('.', '-').replace('_', '-')}"]
    if control.kind == "bool":
        solara.Checkbox(label=control.title, value=bool(value), on_value=set_value)
    elif control.kind == "choice":
        solara.Select(label=control.title, values=list(control.choices), value=value,
                      on_value=set_value, dense=True, classes=classes)
    else:
        solara.Text(f"{control.title}: {_show(value)}", classes=["lever-label"])
        # the slider carries the title too, as its accessible name; its own label is hidden
        # (CSS in the page) because the text above shows it with the value, at full width
        with solara.Div(classes=["lever-slider"]):
            if control.kind == "int":
                solara.SliderInt(control.title, value=int(value), min=int(control.lo),
                                 max=int(control.hi), step=1, on_value=set_value)
            else:
                solara.SliderFloat(control.title, value=float(value), min=float(control.lo),
                                   max=float(control.hi), step=float(step_for(control, value)),
                                   on_value=set_value)


@solara.component
def LeverList(controls: list[Control], params: Params | None, settings: SideSettings,
              on_settings: Callable[[SideSettings], None], side: str):
    """Controls for ``controls``, showing the values in ``params`` (stage 0 of the side)."""
    def set_lever(path: str, value: Any):
        on_settings(settings.with_override(path, value))

    for control in controls:
        value = settings.overrides.get(control.path)
        if value is None and params is not None:
            value = value_of(params, control.path)
        LeverControl(control, value if value is not None else control.default, set_lever, side)
        later = settings.later_changes(control.path)
        if later:
            solara.Text("At the start; then " + "; ".join(
                f"{_show(v)} {when_text(week)}" for week, v in later) + " (see Dated changes)",
                classes=["lever-later", "pre-wrap"])


def when_text(week: int) -> str:
    """'from year 2 (week 52)' for a week at a year's start, else 'from week 30'."""
    if week % WEEKS_PER_YEAR == 0:
        return f"from year {week // WEEKS_PER_YEAR + 1} (week {week})"
    return f"from week {week}"


@solara.component
def DatedChanges(settings: SideSettings, on_settings: Callable[[SideSettings], None],
                 side: str):
    """The scenario's dated changes, each value editable; none is ever dropped by a lever."""
    timeline = settings.scenario.timeline
    if not timeline:
        return
    controls = all_controls()

    with solara.Details(f"Dated changes ({len(timeline)})", expand=True):
        solara.Text("These changes come into force at their dates, on top of the levers "
                    "(which set the start). Edit a value here to change it at its date.",
                    classes=["pre-wrap"])
        for index, dated in enumerate(timeline):
            with solara.Column(classes=[f"dated-{side}-{index}"]):
                Markdown(f"**{when_text(dated.week).capitalize()}**")
                for path, original in dated.set.items():
                    value = settings.dated.get((index, path), original)
                    control = controls.get(path)
                    if control is None:  # not a lever (cannot happen for a valid scenario)
                        solara.Text(f"{path}: {_show(value)}")
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
    with solara.Details("All parameters"):
        solara.Select("Section", values=list(sections), value=section, on_value=set_section,
                      dense=True)
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

    solara.Select(f"Scenario {side}", values=values, value=settings.key, on_value=pick,
                  classes=[f"scenario-select-{side}"])
    with solara.Details(f"Upload or paste a scenario YAML ({side})"):
        solara.FileDrop(label="Drop a scenario .yaml file here", lazy=False,
                        on_file=lambda info: accept(info["data"], info["name"]))
        solara.InputTextArea(f"Paste scenario YAML ({side})", value=pasted,
                             on_value=set_pasted, rows=6, continuous_update=True)
        solara.Button(f"Load pasted YAML ({side})", on_click=lambda: accept(pasted,
                                                                            "pasted.yaml"),
                      outlined=True, disabled=not pasted.strip())
    if problems:
        solara.Error("This scenario could not be loaded:\n" + "\n".join(problems),
                     classes=["scenario-problems", "pre-wrap"])


def cast_problems(items: list[str]) -> list[str]:
    """An empty problem list (a typed initial value for ``use_state``)."""
    return list(items)


@solara.component
def TeachingPanel(scenario: Scenario, on_try: Callable[[dict], None], side: str):
    """What it is, how it works, things to notice, and things to try (with apply buttons)."""
    teaching = scenario.teaching
    if teaching is None:
        Markdown(f"**{inert(scenario.title)}**: {inert(scenario.description)}")
        return
    with solara.Details(f"About: {scenario.title}", expand=False):
        Markdown(f"**What is it?** {inert(teaching.what_is_it)}\n\n"
                        f"**How it works.** {inert(teaching.how_it_works)}")
        if teaching.things_to_notice:
            Markdown("**Things to notice**\n\n" + "\n".join(
                f"- {inert(item)}" for item in teaching.things_to_notice))
        if teaching.things_to_try:
            Markdown("**Things to try**")
        for item in teaching.things_to_try:
            with solara.Row(style={"align-items": "center"}):
                if item.set:
                    solara.Button("Try this", on_click=lambda s=item.set: on_try(dict(s)),
                                  small=True, color="primary", outlined=True,
                                  classes=[f"try-{side}"])
                solara.Text(item.text)


@solara.component
def SideEditor(side: str, settings: SideSettings, params: Params | None,
               problems: tuple[str, ...], on_settings: Callable[[SideSettings], None]):
    """All settings of one side: scenario, teaching text, policy levers, all parameters."""
    with solara.Card(f"Scenario {side}", classes=[f"side-card-{side}"]):
        ScenarioPicker(settings, on_settings, side)
        TeachingPanel(settings.scenario,
                      lambda changes: on_settings(settings.with_overrides(changes)), side)
        if problems:
            solara.Error("These settings cannot run:\n" + "\n".join(problems),
                         classes=["pre-wrap"])
        Markdown("**Policy levers**")
        LeverList(policy_controls(), params, settings, on_settings, side)
        DatedChanges(settings, on_settings, side)
        AllParameters(params, settings, on_settings, side)
        if settings.edited:
            solara.Button("Undo lever changes", text=True, small=True,
                          on_click=lambda: on_settings(SideSettings(settings.scenario,
                                                                    settings.key)))
