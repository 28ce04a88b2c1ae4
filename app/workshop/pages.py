"""The workshop pages (Solara): home, facilitator, projector, join and team.

Routes (see :data:`routes`; served by ``app/workshop_app.py``, ``wijksim workshop``):

- ``/``            choose: facilitator or participant.
- ``/facilitator`` open a room from an exercise (code, join link, QR code, facilitator key),
  re-open a room with its code and key; lock/unlock, twist, new round, gallery, a team's run in
  full, two teams side by side (the what-if app's A/B view), CSV export.
- ``/projector?room=CODE`` large type: gallery and the room's timeline; read-only, no key, no
  packages.
- ``/join`` (``?room=CODE`` fills in the code): join as a new team (the PIN is shown once and
  kept in the browser's localStorage) or rejoin with the PIN; a browser that remembers a team
  goes straight back to it.
- ``/team`` the team's package: every lever with its estimated cost, the live estimate against
  the budget, run and submit, the team's results and, once submitted, the gallery.

State: the rooms are shared by every session through :mod:`app.workshop.service` (one
``RoomStore`` per server process). Everything else is per session: the language, the team this
browser belongs to and the facilitator's key live in ``solara.reactive`` values, which Solara
keeps per browser session (virtual kernel), and the models of a team's run are built inside the
facilitator's session. Live updates: every page that shows a room runs one worker thread
(``solara.use_thread``) that waits on the room: the store wakes it as soon as the room changes,
and otherwise it looks every ``POLL_SECONDS`` (for the prepare job); it re-renders only when
something changed (round, submissions, lock, twist, teams or the prepare job); the gallery of a
room state is built once and shared by all sessions.

Input: every text is validated by the store (codes, PINs, team names) or chosen from a list
(lever values); refused actions are shown as translated sentences, never tracebacks; nothing
typed is ever executed.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Callable
from typing import Any

import solara

from wijksim.app.page import Results, use_stepping
from wijksim.app.rich_text import Markdown, Picture
from wijksim.app.safe_text import inert
from wijksim.app.session import Runner
from wijksim.app.workshop import service
from wijksim.app.workshop.charts import gallery_figure, gallery_markdown, png
from wijksim.app.workshop.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    lever_label,
    number,
    scenario_teaching,
    scenario_title,
    t,
    value_label,
)
from wijksim.experiments.workshop.exercises import Exercise, Lever, PackageError
from wijksim.experiments.workshop.rooms import (
    PIN_LENGTH,
    TOKEN_PATTERN,
    Submission,
    WorkshopError,
    format_pin,
    normalise_code,
)

log = logging.getLogger(__name__)

STORAGE_KEY = "wijksim-workshop"
CSS = """
.workshop-header { align-items: center; border-bottom: 1px solid #ddd; margin-bottom: 12px; }
.room-code { font-size: 2.6em; font-weight: bold; letter-spacing: 0.12em; }
.pin-note { font-size: 1.3em; }
.projector { font-size: 1.25em; }
.workshop-page:has(.projector) { max-width: 1860px !important; }  /* a projector: all of it */
.projector-head { align-items: baseline; flex-wrap: wrap; }
.projector-title { font-size: 1.4em; font-weight: bold; }
.projector-grid { display: grid; grid-template-columns: minmax(0, 1fr) 230px; gap: 18px;
                  align-items: start; }
.projector-join .room-code { font-size: 1.7em; display: block; letter-spacing: 0.08em; }
.projector-join .join-text { display: block; overflow-wrap: anywhere; }
.projector img.gallery-chart { max-width: 100%; max-height: 50vh; width: auto; height: auto; }
.projector .gallery-table td, .projector .gallery-table th { font-size: 21px; padding: 3px 8px; }
@media (min-width: 1800px) {
  .projector { font-size: 1.5em; }
  .projector .gallery-table td, .projector .gallery-table th { font-size: 27px; }
  .projector-grid { grid-template-columns: minmax(0, 1fr) 300px; }
}
.lever-help { font-size: 0.85em; color: #555; }
.pre-wrap { white-space: pre-wrap; }
"""

# Per browser session (Solara keeps a module-level reactive per virtual kernel).
LANG = solara.reactive(DEFAULT_LANGUAGE)
BROWSER: solara.Reactive[dict | None] = solara.reactive(None)  # {"origin": ...} once loaded
# {"code", "token", "team"}: what the browser keeps; the token opens the team, the PIN is
# never stored in the browser (rooms.RoomStore.browser_token)
MEMORY: solara.Reactive[dict | None] = solara.reactive(None)
NEW_PIN: solara.Reactive[str | None] = solara.reactive(None)  # shown once after joining
FACILITATOR: solara.Reactive[dict | None] = solara.reactive(None)  # {"code", "key"}


def tr(key: str, /, **params: Any) -> str:
    """``t`` in the session's language."""
    return t(key, LANG.value, **params)


def query(name: str) -> str:
    """A query parameter of the current URL ('' if absent)."""
    router = solara.use_router()
    values = urllib.parse.parse_qs(router.search or "").get(name) or [""]
    return values[0][:40]


# --------------------------------------------------------------------------- browser memory


@solara.component_vue("browser_memory.vue")
def BrowserMemory(storage_key: str, memory: dict | None, facilitator: dict | None, lang: str,
                  event_loaded: Callable[[dict], None]):
    """Reads/writes the remembered team, facilitator's room and language (localStorage).

    The team as its room code and browser token; the facilitator's room as its code and key.
    """


def clean_memory(data: Any) -> dict | None:
    """What the browser remembered, if it is a well-formed room code and browser token.

    A PIN remembered by an earlier version is exchanged for the token (and then forgotten).
    """
    if not isinstance(data, dict):
        return None
    code = normalise_code(data.get("code"))
    token = data.get("token") if isinstance(data.get("token"), str) else None
    team = data.get("team") if isinstance(data.get("team"), str) else ""
    if code is not None and token is None and normalise_code(data.get("pin"), PIN_LENGTH):
        try:
            token = service.store().browser_token(code, data["pin"])
        except WorkshopError:
            return None
    if code is None or token is None or not TOKEN_PATTERN.fullmatch(token):
        return None
    return {"code": code, "token": token, "team": team[:40]}


def on_browser_loaded(data: Any) -> None:
    """The browser reported its localStorage and origin (once per page load)."""
    data = data if isinstance(data, dict) else {}
    if data.get("lang") in LANGUAGES:
        LANG.set(data["lang"])
    remembered = clean_memory(data.get("memory"))
    if remembered is not None and MEMORY.value is None:
        MEMORY.set(remembered)
    room = remembered_room(data.get("facilitator"))
    if room is not None and FACILITATOR.value is None:
        FACILITATOR.set(room)
    origin = data.get("origin") if isinstance(data.get("origin"), str) else ""
    BROWSER.set({"origin": origin[:200]})


def remembered_room(data: Any) -> dict | None:
    """The facilitator's room this browser remembered, if its code and key still open it.

    (A reload or Back then returns to the room instead of offering to open a second one.)
    """
    if not isinstance(data, dict):
        return None
    code, key = normalise_code(data.get("code")), data.get("key")
    if code is None or not isinstance(key, str) or not 0 < len(key) <= 64:
        return None
    try:
        service.store().room(code, key)
    except WorkshopError:
        return None
    service.prepare(code)
    return {"code": code, "key": key.strip()}


def is_local(link: str) -> bool:
    """Whether a join link points at this machine only (phones in the room cannot open it)."""
    host = urllib.parse.urlparse(link).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def join_url(code: str) -> str:
    """The join link of a room: the public address if given, else this browser's."""
    base = service.public_url() or (BROWSER.value or {}).get("origin") or ""
    return f"{base}/join?room={code}"


# --------------------------------------------------------------------------- layout


@solara.component
def Layout(children=()):
    """Header (title, language switch, LAN warning) around every page; the browser bridge."""
    BrowserMemory(storage_key=STORAGE_KEY, memory=MEMORY.value, facilitator=FACILITATOR.value,
                  lang=LANG.value, event_loaded=on_browser_loaded)
    solara.Title(tr("app_title"))
    solara.Style(CSS)
    with solara.Column(style={"max-width": "1250px", "margin": "0 auto", "padding": "8px"},
                       classes=["workshop-page"]):
        with solara.Row(classes=["workshop-header"]):
            with solara.Link("/"):
                solara.Text(tr("app_title"), style={"font-size": "1.4em", "font-weight": "bold"})
            solara.v.Spacer()
            solara.Text(tr("language"))
            solara.ToggleButtonsSingle(value=LANG.value.upper(), values=["NL", "EN"],
                                       on_value=lambda v: LANG.set(v.lower()),
                                       classes=["lang-switch"])
        if service.serving_lan():
            solara.Warning(tr("fac_lan_warning"))
        solara.Column(children=list(children))


# --------------------------------------------------------------------------- shared pieces


def use_room(code: str):
    """Follow a room in a worker thread; re-render only on changes.

    The thread wakes at once when the room changes (a submission, a lock, a twist: the store
    tells its waiters) and otherwise every ``POLL_SECONDS`` (for the prepare job).

    Returns ``(view, job, error)``: the :class:`service.RoomView` (None until first read), the
    room's prepare job and a refused lookup (unknown room) or None.
    """
    state, set_state = solara.use_state(None)

    def work(cancel):
        last = None
        while not cancel.is_set():
            version = service.store().version(code)  # before reading: no change is missed
            try:
                job = service.prepare(code)
                view = service.room_view(code)
                mark = (view.signature, job.done, job.error)
                if mark != last:
                    last = mark
                    # the job is changed in place when it ends: the mark makes the new state
                    # differ from the old one, or Solara would see no change and not redraw
                    set_state((code, view, job, None, mark))
            except WorkshopError as exc:
                set_state((code, None, None, exc, None))
                return
            except Exception:  # never let a poll kill the page; log and try again later
                log.exception("workshop: polling room %s failed", code)
            service.store().wait_for_change(code, version, service.POLL_SECONDS)

    solara.use_thread(work, dependencies=[code], intrusive_cancel=False)
    if state is None or state[0] != code:
        return None, None, None
    return state[1], state[2], state[3]


@solara.component
def ErrorText(error: Exception | None):
    """A refused action, translated."""
    if error is not None:
        solara.Error(service.error_text(error, LANG.value), classes=["workshop-error"])


@solara.component
def Gallery(view: service.RoomView, exercise: Exercise, large: bool = False):
    """The gallery chart and table of the room's current round."""
    lang = LANG.value
    gallery = view.gallery
    image = solara.use_memo(lambda: png(gallery_figure(gallery, exercise.budget, lang, large),
                                        dpi=130 if large else 90),  # sharp on a projector
                            [view.signature, lang, large])
    Markdown(f"### {tr('gallery_title')} · {tr('round', round=view.status['round'])}")
    if len(gallery) <= 1:
        solara.Info(tr("gallery_empty"))
    Picture(image, tr("alt_gallery"), classes=["gallery-chart"])
    with solara.Div(classes=["gallery-table"]):
        Markdown(gallery_markdown(gallery, lang))
    seeds = len(exercise.seeds)
    if seeds > 1:
        solara.Text(tr("gallery_interval", seeds=seeds), style={"font-size": "0.85em"})


def exercise_title(exercise: Exercise) -> str:
    """The exercise's title in the session's language."""
    return exercise.title.get(LANG.value) or exercise.title.get("en", exercise.name)


def package_text(exercise: Exercise, package: dict[str, Any]) -> str:
    """A package as Markdown bullets, in the session's language."""
    lang = LANG.value
    lines = []
    for lever in exercise.levers:
        value = package.get(lever.path, lever.start)
        changed = "" if lever.is_start(value) else " **\u2190**"
        lines.append(f"- {inert(lever_label(lever.path, lang, lever.label))}: "
                     f"{inert(value_label(value, lang))}{changed}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- home


@solara.component
def Home():
    """Choose a role: participant or facilitator."""
    router = solara.use_router()
    Markdown(f"## {tr('app_title')}\n\n{tr('home_intro')}")
    with solara.Row():
        solara.Button(tr("home_participant"), color="primary", classes=["go-participant"],
                      on_click=lambda: router.push("/join"))
        solara.Button(tr("home_facilitator"), outlined=True, classes=["go-facilitator"],
                      on_click=lambda: router.push("/facilitator"))


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
    Results(runner, week, "wellbeing", end)


# --------------------------------------------------------------------------- projector


@solara.component
def Projector():
    """The projector view (``?room=CODE&token=T``): large type, read-only.

    The link with the token is on the facilitator page; without it the projector shows nothing
    of the room (it would show every team's results before the teams see them).
    """
    code = normalise_code(query("room"))
    if code is None:
        solara.Error(tr("projector_no_room"), classes=["workshop-error"])
        return
    token = query("token")
    error = solara.use_memo(lambda: _projector_error(code, token), [code, token])
    if error is not None:
        ErrorText(error)
        return
    ProjectorRoom(code)


def _projector_error(code: str, token: str) -> WorkshopError | None:
    try:
        service.store().check_projector(code, token)
    except WorkshopError as exc:
        return exc
    return None


@solara.component
def ProjectorRoom(code: str):
    """The projector view of one room."""
    view, _job, error = use_room(code)
    link = join_url(code)
    qr = solara.use_memo(lambda: service.qr_png(link), [link])
    if error is not None:
        ErrorText(error)
        return
    if view is None:
        solara.Text(tr("loading"))
        return
    exercise = service.store().exercise(code)
    status = view.status
    # results first, the way in beside them: a 1280x720 projector shows the chart, the table's
    # first rows and the room code at once
    with solara.Column(classes=["projector"]):
        with solara.Row(classes=["projector-head"]):
            solara.Text(tr("projector_title", code=code, title=exercise_title(exercise)),
                        classes=["projector-title"])
            solara.v.Spacer()
            solara.Text(tr("projector_teams", teams=status["teams"],
                           submissions=status["submissions"]), classes=["projector-teams"])
        if status["locked"]:
            solara.Warning(tr("locked_notice"))
        if status["twist_revealed"] and exercise.twist is not None:
            solara.Info(tr("twist_notice", text=exercise.twist.text.get(LANG.value, "")))
        with solara.Div(classes=["projector-grid"]):
            with solara.Div(classes=["projector-results"]):
                Gallery(view, exercise, large=True)
            with solara.Div(classes=["projector-join"]):
                Picture(qr, tr("alt_qr", link=link), width="100%")
                solara.Text(tr("projector_join", url=link, code=code), classes=["join-text"])
                solara.Text(code, classes=["room-code"])
        Timeline(view.rounds)


@solara.component
def Timeline(rounds: list[dict]):
    """The room's rounds, with the twist marked."""
    Markdown(f"### {tr('projector_timeline')}")
    with solara.Row(classes=["timeline"]):
        for item in rounds:
            text = tr("timeline_round", round=item["round"], teams=item["teams"])
            if item["twist"]:
                text += f" · {tr('timeline_twist')}"
            solara.Button(text, outlined=True, disabled=True, small=False)


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
    unit = f" ({lever.unit})" if lever.unit and lever.unit not in ("on/off", "choice") else ""
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


# --------------------------------------------------------------------------- routes


routes = [
    solara.Route(path="/", component=Home, label="home", layout=Layout),
    solara.Route(path="facilitator", component=Facilitator, label="facilitator"),
    solara.Route(path="projector", component=Projector, label="projector"),
    solara.Route(path="join", component=Join, label="join"),
    solara.Route(path="team", component=TeamPage, label="team"),
]
