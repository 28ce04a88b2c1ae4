"""The projector page: the room's gallery and timeline in large type, read-only."""

from __future__ import annotations

import solara

from wijksim.app.rich_text import Markdown, Picture
from wijksim.app.workshop import service
from wijksim.app.workshop.shared import (
    LANG,
    ErrorText,
    Gallery,
    exercise_title,
    join_url,
    query,
    tr,
    use_room,
)
from wijksim.experiments.workshop.rooms import (
    WorkshopError,
    normalise_code,
)

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
