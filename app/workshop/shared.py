"""What the workshop pages share: session state, browser memory, layout, room following.

Per browser session (Solara keeps a module-level reactive per virtual kernel): the
language, what the browser remembers (team, facilitator's room) and the new PIN. The
pages themselves are in :mod:`app.workshop.facilitator`, :mod:`app.workshop.projector`
and :mod:`app.workshop.team`; :mod:`app.workshop.pages` has the home page and routes.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import solara

from wijksim.app.rich_text import Markdown, Picture
from wijksim.app.safe_text import inert
from wijksim.app.workshop import service
from wijksim.app.workshop.charts import gallery_figure, gallery_markdown, png
from wijksim.app.workshop.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    lever_label,
    t,
    value_label,
)
from wijksim.experiments.workshop.exercises import Exercise
from wijksim.experiments.workshop.rooms import (
    PIN_LENGTH,
    TOKEN_PATTERN,
    WorkshopError,
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
        woken_at = -service.MIN_READ_SECONDS  # when a change last made this page read
        changed = False
        while not cancel.is_set():
            if changed:
                # a burst of changes (30 teams submitting) is read at most every
                # MIN_READ_SECONDS, so that pages do not redraw for each while the runs need
                # the cores; a change after a quiet spell is read at once
                if cancel.wait(max(0.0, woken_at + service.MIN_READ_SECONDS - time.monotonic())):
                    return
                woken_at = time.monotonic()
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
            changed = service.store().wait_for_change(
                code, version, service.POLL_SECONDS) != version

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
