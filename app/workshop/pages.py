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

import solara

from wijksim.app.rich_text import Markdown
from wijksim.app.workshop.facilitator import (
    Facilitator,
)
from wijksim.app.workshop.projector import (
    Projector,
)
from wijksim.app.workshop.shared import (
    Layout,
    tr,
)
from wijksim.app.workshop.team import (
    Join,
    TeamPage,
)

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


# --------------------------------------------------------------------------- routes


routes = [
    solara.Route(path="/", component=Home, label="home", layout=Layout),
    solara.Route(path="facilitator", component=Facilitator, label="facilitator"),
    solara.Route(path="projector", component=Projector, label="projector"),
    solara.Route(path="join", component=Join, label="join"),
    solara.Route(path="team", component=TeamPage, label="team"),
]
