"""The facilitator's page: open or re-open a room, run it, look at a team's run."""

from __future__ import annotations

import json

import solara

from wijksim.app.page import Results, use_stepping
from wijksim.app.rich_text import Markdown, Picture
from wijksim.app.safe_text import inert
from wijksim.app.session import Runner
from wijksim.app.workshop import service
from wijksim.app.workshop.shared import (
    FACILITATOR,
    LANG,
    ErrorText,
    Gallery,
    exercise_title,
    is_local,
    join_url,
    package_text,
    tr,
    use_room,
)
from wijksim.experiments.workshop.exercises import Exercise
from wijksim.experiments.workshop.rooms import (
    Submission,
    WorkshopError,
)

# --------------------------------------------------------------------------- facilitator


@solara.component
def Facilitator():
    """The facilitator's page: open or re-open a room, then run it."""
    if FACILITATOR.value is None:
        OpenRoom()
    else:
        FacilitatorRoom(FACILITATOR.value["code"], FACILITATOR.value["key"])


@solara.component
def OpenRoom():
    """Open a room from an exercise, or re-open one with its code and key."""
    lang = LANG.value
    loaded = solara.use_memo(service.exercises, [])
    error, set_error = solara.use_state(None)
    code, set_code = solara.use_state("")
    key, set_key = solara.use_state("")

    def create(path, exercise):
        try:
            room = service.store().create_room(exercise, path.read_text(encoding="utf-8"))
        except (WorkshopError, OSError) as exc:
            set_error(exc)
            return
        service.prepare(room.code)
        FACILITATOR.set({"code": room.code, "key": room.facilitator_key})

    def reopen():
        try:
            room = service.store().room(code, key)
        except WorkshopError as exc:
            set_error(exc)
            return
        service.prepare(room.code)
        FACILITATOR.set({"code": room.code, "key": key.strip()})

    Markdown(f"## {tr('fac_title')}\n\n### {tr('fac_choose_exercise')}")
    ErrorText(error)
    for path, exercise in loaded:
        with solara.Card(exercise_title(exercise), classes=[f"exercise-{exercise.name}"]):
            Markdown(inert(exercise.description.get(lang, "")))
            solara.Text(tr("fac_exercise_facts", years=exercise.years,
                           residents=exercise.residents, seeds=len(exercise.seeds),
                           budget=exercise.budget), style={"font-size": "0.9em"})
            solara.Button(tr("fac_create_room"), color="primary",
                          classes=[f"open-room-{exercise.name}"],
                          on_click=lambda p=path, e=exercise: create(p, e))
    with solara.Card(tr("fac_reopen_title")):
        solara.InputText(tr("room_code"), value=code, on_value=set_code,
                         continuous_update=True, classes=["reopen-code"])
        solara.InputText(tr("fac_key_label"), value=key, on_value=set_key, password=True,
                         continuous_update=True, classes=["reopen-key"])
        solara.Button(tr("fac_reopen_button"), on_click=reopen, outlined=True,
                      classes=["reopen-button"], disabled=not (code.strip() and key.strip()))


@solara.component
def FacilitatorRoom(code: str, key: str):
    """One room, for its facilitator."""
    view, job, lookup_error = use_room(code)
    error, set_error = solara.use_state(None)
    confirming, set_confirming = solara.use_state(None)  # "twist" or "round" awaiting a yes
    showing_key, set_showing_key = solara.use_state(False)
    room_store = service.store()
    exercise = solara.use_memo(lambda: room_store.exercise(code), [code])
    link = join_url(code)
    qr = solara.use_memo(lambda: service.qr_png(link), [link])

    def act(action):
        def run():
            try:
                action(code, key)
                set_error(None)
            except WorkshopError as exc:
                set_error(exc)
            service.prepare(code)  # after a twist: price the levers in the new world
        return run

    Markdown(f"## {tr('fac_title')}: {inert(exercise_title(exercise))}")
    ErrorText(lookup_error)
    ErrorText(error)
    with solara.Columns([2, 1]):
        with solara.Column():
            solara.Text(tr("room_code"))
            solara.Text(code, classes=["room-code"])
            with solara.Div(classes=["join-link"]):
                Markdown(f"{tr('fac_join_link')}: [{link}]({link})")
            if is_local(link):
                solara.Warning(tr("fac_local_link"), classes=["local-link-warning"])
            with solara.Div(classes=["projector-link"]):
                token = service.store().projector_token(code, key)
                Markdown(f"[{tr('fac_projector')}](/projector?room={code}&token={token})")
            with solara.Div(classes=["facilitator-key"]):
                # hidden until asked for: this page may be on the projector
                Markdown(tr("fac_key_note", key=f"`{key}`" if showing_key else "••••••••"))
                solara.Button(tr("fac_hide_key") if showing_key else tr("fac_show_key"),
                              text=True, classes=["show-key"],
                              on_click=lambda: set_showing_key(not showing_key))
        Picture(qr, tr("alt_qr", link=link), width="220px", classes=["join-qr"])
    if job is not None and not job.done:
        solara.ProgressLinear(True)
        solara.Text(tr("fac_preparing"), classes=["preparing"])
    elif job is not None and job.error:
        solara.Error(tr("fac_prepare_failed", details=job.error))
    if view is None:
        solara.Text(tr("loading"))
        return
    status = view.status
    state = tr("fac_state_locked") if status["locked"] else tr("fac_state_open")
    solara.Text(tr("fac_status", round=status["round"], teams=status["teams"],
                   submissions=status["submissions"], state=state), classes=["room-status"])
    with solara.Row():
        if status["locked"]:
            solara.Button(tr("fac_unlock"), on_click=act(room_store.unlock), color="primary",
                          classes=["fac-unlock"])
        else:
            solara.Button(tr("fac_lock"), on_click=act(room_store.lock), outlined=True,
                          classes=["fac-lock"])
        if exercise.twist is not None and not status["twist_revealed"]:
            solara.Button(tr("fac_reveal_twist"), on_click=lambda: set_confirming("twist"),
                          outlined=True, classes=["fac-twist"])
        solara.Button(tr("fac_new_round"), on_click=lambda: set_confirming("round"),
                      outlined=True, classes=["fac-new-round"])
        solara.FileDownload(lambda: room_store.export_csv(code, key),
                            filename=f"wijksim_workshop_{code}.csv", label=tr("fac_export"),
                            mime_type="text/csv")
        solara.Button(tr("fac_close_room"), text=True, on_click=lambda: FACILITATOR.set(None))
    if confirming is not None:  # irreversible: asked once more
        question = (tr("fac_confirm_twist") if confirming == "twist"
                    else tr("fac_confirm_new_round", round=status["round"] + 1))
        action = room_store.reveal_twist if confirming == "twist" else room_store.new_round

        def confirm():
            set_confirming(None)
            act(action)()

        with solara.Div(classes=["fac-confirmation"]):
            solara.Warning(question)
            with solara.Row():
                solara.Button(tr("confirm_yes"), color="primary", on_click=confirm,
                              classes=["fac-confirm"])
                solara.Button(tr("confirm_cancel"), outlined=True,
                              on_click=lambda: set_confirming(None), classes=["fac-cancel"])
    if status["twist_revealed"] and exercise.twist is not None:
        solara.Info(tr("twist_notice", text=exercise.twist.text.get(LANG.value, "")) + " " +
                    tr("fac_twist_revealed", round=status["twist_round"]))
    Gallery(view, exercise)
    TeamRuns(code, key, exercise, view)


@solara.component
def TeamRuns(code: str, key: str, exercise: Exercise, view: service.RoomView):
    """A team's package and run in full; two teams side by side (the A/B view)."""
    rows = view.gallery[~view.gallery["is_baseline"].astype(bool)]
    teams = {str(r["team"]): str(r["submission"]) for _, r in rows.iterrows()}
    first, set_first = solara.use_state("")
    second, set_second = solara.use_state("")
    shown, set_shown = solara.use_state(None)  # (team names...) whose runs are open
    if not teams:
        return
    names = list(teams)

    def submission(team: str) -> Submission | None:
        try:
            return service.store().submission(code, key, teams[team])
        except (WorkshopError, KeyError):
            return None

    Markdown(f"### {tr('fac_open_run')} / {tr('fac_compare')}")
    with solara.Row():
        solara.Select(tr("fac_team_a"), values=names, value=first if first in teams else None,
                      on_value=set_first, classes=["team-a-select"])
        solara.Select(tr("fac_team_b"), values=["", *names],
                      value=second if second in teams else "", on_value=set_second,
                      classes=["team-b-select"])
    subs = {team: submission(team) for team in (first, second) if team in teams}
    subs = {team: sub for team, sub in subs.items() if sub is not None}
    with solara.Columns([1] * max(len(subs), 1)):
        for team, sub in subs.items():
            with solara.Card(f"{tr('fac_package')}: {team}", classes=["team-package"]):
                Markdown(package_text(exercise, sub.package))
                solara.Text(tr("submit_done", cost=sub.cost))
    if first in subs:
        chosen = tuple(team for team in (first, second) if team in subs)
        with solara.Row():
            solara.Button(tr("fac_open_run") if len(chosen) == 1 else tr("fac_compare"),
                          color="primary", classes=["open-run"],
                          on_click=lambda: set_shown(chosen))
        if shown == chosen:
            TeamRun(exercise, {side: subs[team] for side, team in zip("AB", chosen,
                                                                       strict=False)})


@solara.component
def TeamRun(exercise: Exercise, subs: dict[str, Submission]):
    """Teams' runs on the room's first seed, shown with the what-if app's results view."""
    seed = exercise.seeds[0]
    key = json.dumps({side: [sub.id, sub.twist] for side, sub in subs.items()})

    def build():
        timelines = {side: exercise.scenario_for(sub.twist).build(exercise.overrides(
            sub.package)) for side, sub in subs.items()}
        return Runner(timelines, seed, (key, seed))

    runner = solara.use_memo(build, [key])
    end = exercise.weeks()
    week = use_stepping(runner, end, max(1, end // 6))
    legend = ", ".join(f"{side} = {sub.team}" for side, sub in subs.items())
    solara.Text(tr("fac_run_legend", legend=legend, seed=seed), classes=["run-legend"])
    if week < end:
        solara.ProgressLinear(100 * week / max(end, 1))
        return
    Results(runner, week, "wellbeing", end, lang=LANG.value)
