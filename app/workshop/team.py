"""The participants' pages: join or rejoin a room, choose a package, run and submit it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import solara

from wijksim.analysis.language import unit_label
from wijksim.app.rich_text import Markdown
from wijksim.app.safe_text import inert
from wijksim.app.workshop import service
from wijksim.app.workshop.i18n import (
    lever_label,
    number,
    scenario_teaching,
    scenario_title,
    value_label,
)
from wijksim.app.workshop.shared import (
    BROWSER,
    LANG,
    MEMORY,
    NEW_PIN,
    ErrorText,
    Gallery,
    exercise_title,
    query,
    tr,
    use_room,
)
from wijksim.experiments.workshop.exercises import Exercise, Lever, PackageError
from wijksim.experiments.workshop.rooms import (
    Submission,
    WorkshopError,
    format_pin,
    normalise_code,
)

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- participants


@solara.component
def Join():
    """Join a room as a new team, or rejoin with the PIN."""
    router = solara.use_router()
    code, set_code = solara.use_state(query("room"))
    name, set_name = solara.use_state("")
    rejoin_code, set_rejoin_code = solara.use_state(query("room"))
    pin, set_pin = solara.use_state("")
    error, set_error = solara.use_state(None)
    remembered = MEMORY.value
    loaded = BROWSER.value is not None

    def back_to_team():
        """A browser that remembers its team goes straight back to it."""
        if remembered is None:
            return
        try:
            service.store().rejoin(remembered["code"], remembered["token"])
        except WorkshopError as exc:
            set_error(exc)
            MEMORY.set(None)
            return
        router.push("/team")

    solara.use_effect(back_to_team, [loaded, json.dumps(remembered)])

    def join():
        try:
            team, new_pin = service.store().join(code, name)
        except WorkshopError as exc:
            set_error(exc)
            return
        canonical = normalise_code(code)
        NEW_PIN.set(format_pin(new_pin))
        MEMORY.set({"code": canonical, "team": team.name,
                    "token": service.store().browser_token(canonical, new_pin)})

    def rejoin():
        try:
            team = service.store().rejoin(rejoin_code, pin)
        except WorkshopError as exc:
            set_error(exc)
            return
        canonical = normalise_code(rejoin_code)
        MEMORY.set({"code": canonical, "team": team.name,
                    "token": service.store().browser_token(canonical, pin)})

    Markdown(f"## {tr('join_title')}")
    ErrorText(error)
    with solara.Card(tr("join_title")):
        solara.InputText(tr("join_code_label"), value=code, on_value=set_code,
                         continuous_update=True, classes=["join-code"])
        solara.InputText(tr("join_team_label"), value=name, on_value=set_name,
                         continuous_update=True, classes=["join-team"])
        solara.Button(tr("join_button"), color="primary", on_click=join,
                      classes=["join-button"], disabled=not (code.strip() and name.strip()))
    with solara.Card(tr("rejoin_title")):
        solara.InputText(tr("room_code"), value=rejoin_code, on_value=set_rejoin_code,
                         continuous_update=True, classes=["rejoin-code"])
        solara.InputText(tr("rejoin_pin_label"), value=pin, on_value=set_pin,
                         continuous_update=True, classes=["rejoin-pin"])
        solara.Button(tr("rejoin_button"), outlined=True, on_click=rejoin,
                      classes=["rejoin-button"], disabled=not (rejoin_code.strip() and pin.strip()))


def lever_cost_text(lever: Lever, value: Any, costs, exercise: Exercise) -> str:
    """The estimated cost of one lever value, e.g. ``+EUR 37 per resident per year``."""
    if costs is None:
        return ""
    try:
        delta = costs.delta(lever.path, value)
    except KeyError:
        return ""
    sign = "+" if delta > 0.5 else ("\u2212" if delta < -0.5 else "")
    if lever.requires is not None:
        switch = lever_label(lever.requires, LANG.value, exercise.lever(lever.requires).label)
        return tr("lever_cost_requires", sign=sign, amount=abs(delta), switch=switch)
    return tr("lever_cost", sign=sign, amount=abs(delta))


@solara.component
def LeverChoice(lever: Lever, value: Any, costs, exercise: Exercise,
                on_value: Callable[[str, Any], None]):
    """One lever: its label and unit, its values as buttons, each value's estimated cost."""
    lang = LANG.value
    labels = {value_label(v, lang): v for v in lever.values}
    unit = (f" ({unit_label(lever.unit, lang)})"
            if lever.unit and lever.unit not in ("on/off", "choice") else "")
    css = "lever-" + lever.path.replace(".", "-").replace("_", "-")
    with solara.Column(classes=["lever", css], gap="2px", style={"margin-bottom": "10px"}):
        solara.Text(f"{lever_label(lever.path, lang, lever.label)}{unit}",
                    style={"font-weight": "bold"})
        solara.ToggleButtonsSingle(value=value_label(value, lang), values=list(labels),
                                   on_value=lambda label: on_value(lever.path, labels[label]))
        help_text = " · ".join(
            f"{label}: {lever_cost_text(lever, v, costs, exercise) or '…'}"
            + (f" ({tr('start_value')})" if lever.is_start(v) else "")
            for label, v in labels.items())
        solara.Text(help_text, classes=["lever-help"])


@solara.component
def TeamPage():
    """The team page of the team this browser remembers."""
    router = solara.use_router()
    remembered = MEMORY.value
    if BROWSER.value is None and remembered is None:
        solara.Text(tr("loading"))
        return
    if remembered is None:
        solara.Info(tr("team_not_joined"))
        solara.Button(tr("join_title"), color="primary", on_click=lambda: router.push("/join"))
        return
    Team(remembered["code"], remembered["token"])


@solara.component
def Team(code: str, pin: str):
    """Choose a package, see its estimated cost, run and submit it; results and gallery."""
    router = solara.use_router()
    lang = LANG.value
    room_store = service.store()
    view, job, lookup_error = use_room(code)
    team, team_error = solara.use_memo(lambda: _team_name(code, pin), [code, pin])
    # a team that comes back finds the package it submitted last
    last = solara.use_memo(lambda: _last_package(code, pin), [code, pin])
    package, set_package = solara.use_state(last)
    request, set_request = solara.use_state(0)
    outcome, set_outcome = solara.use_state(None)  # (request, Submission or error)

    def leave():
        MEMORY.set(None)
        NEW_PIN.set(None)
        router.push("/join")

    exercise = solara.use_memo(lambda: room_store.exercise(code) if team else None, [code, team])
    status = view.status if view is not None else None
    twist = bool(status and status["twist_revealed"])
    prepared = job is not None and job.done and not job.error
    costs = solara.use_memo(lambda: room_store.costs(code) if prepared else None,
                            [prepared, twist])
    levers = exercise.levers if exercise is not None else ()
    full = {lever.path: package.get(lever.path, lever.start) for lever in levers}
    estimate = solara.use_memo(lambda: _estimate(code, full) if prepared else None,
                               [json.dumps(full), prepared, twist])
    mine_key = (view.signature if view else None, outcome and outcome[0])
    mine = solara.use_memo(lambda: _mine(code, pin), [mine_key])

    def work(cancel):
        if request == 0:
            return
        try:
            result = room_store.submit(code, pin, full)
        except (WorkshopError, PackageError) as exc:
            result = exc
        except Exception as exc:  # a failed run is shown, not raised into the server log
            log.exception("workshop: a submission in room %s failed", code)
            result = exc
        set_outcome((request, result))

    solara.use_thread(work, dependencies=[request], intrusive_cancel=False)
    running = request != 0 and (outcome is None or outcome[0] != request)

    def choose(path: str, value: Any):
        set_package({**package, path: value})

    if team is None or exercise is None:
        ErrorText(team_error or lookup_error)
        solara.Button(tr("team_leave"), on_click=leave, outlined=True)
        return

    Markdown(f"## {inert(exercise_title(exercise))}")
    solara.Text(tr("welcome_team", team=team, code=code), classes=["welcome-team"],
                style={"font-size": "1.2em"})
    if NEW_PIN.value:
        solara.Success(tr("join_pin_note", pin=NEW_PIN.value), classes=["pin-note"])
    ErrorText(lookup_error)
    if status is not None:
        solara.Text(f"{tr('round', round=status['round'])} · "
                    f"{tr('budget', budget=exercise.budget)}", classes=["team-round"])
        if twist and exercise.twist is not None:
            solara.Warning(tr("twist_notice", text=exercise.twist.text.get(lang, "")))
        if status["locked"]:
            solara.Warning(tr("locked_notice"), classes=["locked-notice"])
    TeachingText(exercise)
    with solara.Card(tr("choose_package"), classes=["package-card"]):
        if exercise.description.get(lang):
            Markdown(inert(exercise.description[lang]))
        for lever in exercise.levers:
            LeverChoice(lever, full[lever.path], costs, exercise, choose)
        if estimate is not None:
            solara.Info(tr("estimate_hint", cost=estimate["estimated_cost"],
                           budget=estimate["budget"]), classes=["estimate"])
            if not estimate["within_budget"]:
                solara.Warning(tr("estimate_over", over=estimate["estimated_cost"]
                                  - estimate["budget"]), classes=["estimate-over"])
        elif not prepared:
            solara.ProgressLinear(True)
            solara.Text(tr("fac_preparing"))
        solara.Text(tr("budget_rule"), style={"font-size": "0.85em"})
        locked = bool(status and status["locked"])
        solara.Button(tr("submit_button"), color="primary", classes=["submit-button"],
                      disabled=running or locked,
                      # a click that arrives while a run is going is ignored (double clicks)
                      on_click=lambda: None if running else set_request(request + 1))
        if running:
            solara.ProgressLinear(True)
            solara.Text(tr("submit_running", seeds=len(exercise.seeds)),
                        classes=["submit-running"])
        elif outcome is not None:
            result = outcome[1]
            if isinstance(result, Exception):
                ErrorText(result)
            else:
                SubmissionResult(result, exercise)
    if mine:
        MySubmissions(mine, exercise)
    submitted_now = status is not None and any(s.round == status["round"] for s in mine)
    if view is not None and submitted_now:
        Gallery(view, exercise)
    else:
        solara.Text(tr("gallery_after_submit"), style={"font-size": "0.9em", "color": "#555"})
    solara.Button(tr("team_leave"), text=True, on_click=leave, classes=["team-leave"])


def _team_name(code: str, pin: str) -> tuple[str | None, WorkshopError | None]:
    try:
        return service.store().rejoin(code, pin).name, None
    except WorkshopError as exc:
        return None, exc


def _estimate(code: str, package: dict) -> dict | None:
    try:
        return service.store().estimate(code, package)
    except (WorkshopError, PackageError, KeyError):
        return None


def _last_package(code: str, pin: str) -> dict:
    """The package of the team's latest submission ({} before the first)."""
    submissions = _mine(code, pin)
    return dict(submissions[-1].package) if submissions else {}


def _mine(code: str, pin: str) -> list[Submission]:
    try:
        return service.store().my_submissions(code, pin)
    except WorkshopError:
        return []


@solara.component
def SubmissionResult(sub: Submission, exercise: Exercise):
    """The real cost of a submission and whether it is within budget."""
    text = tr("submit_done", cost=sub.cost) + " "
    if sub.within_budget:
        solara.Success(text + tr("submit_within"), classes=["submit-result"])
    else:
        solara.Warning(text + tr("submit_over", over=sub.cost - exercise.budget),
                       classes=["submit-result"])


@solara.component
def MySubmissions(subs: list[Submission], exercise: Exercise):
    """The team's own submissions, newest first, with what they changed."""
    lang = LANG.value
    rows = [f"| {tr('round_header')} | {tr('gallery_cost')} | {tr('gallery_wellbeing')} | "
            f"{tr('gallery_within_budget')} | {tr('fac_package')} |", "|---|---:|---:|---|---|"]
    for sub in reversed(subs):
        changed = [lever_label(lv.path, lang, lv.label) + ": "
                   + value_label(sub.package[lv.path], lang) for lv in exercise.levers
                   if lv.path in sub.package and not lv.is_start(sub.package[lv.path])]
        wellbeing = sub.summary.get("wellbeing_mean", [float("nan")])[0]
        rows.append(f"| {sub.round} | {number(sub.cost, lang, ',.0f')} | "
                    f"{number(wellbeing, lang, '.3f')} | "
                    f"{tr('yes') if sub.within_budget else tr('no')} | "
                    f"{inert('; '.join(changed)) if changed else tr('baseline')} |")
    with solara.Details(tr("your_submissions"), expand=True):
        with solara.Div(classes=["my-submissions"]):
            Markdown("\n".join(rows))


@solara.component
def TeachingText(exercise: Exercise):
    """The starting scenario's teaching text in the session's language."""
    lang = LANG.value
    scenario = exercise.scenario
    try:
        teaching = scenario_teaching(scenario, lang)
        title = scenario_title(scenario, lang)
    except (LookupError, ValueError):
        teaching, title = scenario.teaching, scenario.title
    if teaching is None:
        return
    with solara.Details(f"{tr('teaching_title')}: {title}", expand=False):
        parts = [f"**{tr('what_is_it')}.** {inert(teaching.what_is_it)}",
                 f"**{tr('how_it_works')}.** {inert(teaching.how_it_works)}"]
        if teaching.things_to_notice:
            parts.append(f"**{tr('things_to_notice')}**\n\n" + "\n".join(
                f"- {inert(item)}" for item in teaching.things_to_notice))
        if teaching.things_to_try:
            parts.append(f"**{tr('things_to_try')}**\n\n" + "\n".join(
                f"- {inert(item.text)}" for item in teaching.things_to_try))
        Markdown("\n\n".join(parts))
