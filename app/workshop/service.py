"""What the workshop pages share within one server process: the room store and its jobs.

This is the one place in the app with module-level state, on purpose: a workshop *is* shared
state (every team's session must see the same rooms). The state is the :class:`RoomStore`
(thread-safe, persisted as JSON files), the background "prepare" jobs (baseline and lever
costs of a room, run once per room and twist state), and a small cache of gallery tables keyed
by the room's state, so that 30 sessions polling the same room build its gallery once per
change. Model runs for viewing a team's run in full still live in the facilitator's own session
(see ``app.workshop.pages``).

Settings (environment variables, read when the store is first used):

- ``WIJKSIM_WORKSHOP_DIR``: the folder of the room files (default ``results/workshop_rooms``);
  the lever-cost cache goes next to it (``<parent>/workshop_cache``).
- ``WIJKSIM_WORKSHOP_EXERCISES``: an extra folder of exercise files offered to facilitators
  (the shipped ones in ``docs/workshop/exercises`` are always offered).
- ``WIJKSIM_WORKSHOP_PUBLIC_URL``: the address participants use (set by
  ``wijksim workshop --lan``); otherwise the address in the facilitator's browser.
- ``WIJKSIM_WORKSHOP_LAN``: ``1`` when serving the local network (the pages show a warning).
"""

from __future__ import annotations

import io
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from wijksim.app.workshop.i18n import t
from wijksim.experiments.workshop.exercises import (
    Exercise,
    ExerciseError,
    PackageError,
    load_exercise,
    shipped_exercises,
)
from wijksim.experiments.workshop.rooms import RoomStore, WorkshopError, rooms_dir

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0  # a page looks at its room at least this often (for the prepare job)
MIN_READ_SECONDS = 2.0  # ... and at most this often, however often the room changes
GALLERY_CACHE_SIZE = 64

_lock = threading.Lock()
_store: RoomStore | None = None
_jobs: dict[tuple[str, bool], Job] = {}
_gallery_cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()


def store() -> RoomStore:
    """The server's one room store (created on first use)."""
    global _store
    with _lock:
        if _store is None:
            directory = rooms_dir()
            _store = RoomStore(directory, results_dir=directory.parent)
            for problem in _store.load_problems:
                log.warning("workshop: %s", problem)
        return _store


def public_url() -> str | None:
    """The address to give participants, if the command line set one."""
    return (os.environ.get("WIJKSIM_WORKSHOP_PUBLIC_URL") or "").rstrip("/") or None


def serving_lan() -> bool:
    """Whether the server listens on the local network (``--lan``)."""
    return os.environ.get("WIJKSIM_WORKSHOP_LAN") == "1"


# --------------------------------------------------------------------------- exercises


def exercise_files() -> list[Path]:
    """Exercises a facilitator may open a room with: shipped ones, then the extra folder."""
    files = list(shipped_exercises())
    extra = os.environ.get("WIJKSIM_WORKSHOP_EXERCISES")
    if extra:
        files += shipped_exercises(extra)
    return files


def exercises() -> list[tuple[Path, Exercise]]:
    """The exercises that load (a broken file is logged and left out)."""
    loaded = []
    for path in exercise_files():
        try:
            loaded.append((path, load_exercise(path)))
        except ExerciseError as error:
            log.warning("workshop: exercise not offered:\n%s", "\n".join(error.problems))
    return loaded


# --------------------------------------------------------------------------- prepare jobs


@dataclass
class Job:
    """A background prepare job of one room (with or without the twist)."""

    started: float
    finished: float | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        """Whether the job has ended (well or not)."""
        return self.finished is not None


def prepare(code: str) -> Job:
    """Start (once) computing the room's baseline and lever costs in a worker thread."""
    room_store = store()
    twist = bool(room_store.status(code)["twist_revealed"])
    key = (code, twist)
    with _lock:
        job = _jobs.get(key)
        if job is not None:
            return job
        job = _jobs[key] = Job(time.monotonic())

    def work():
        try:
            room_store.prepare(code)
        except Exception as exc:  # a failed run must not take the server down
            log.exception("workshop: preparing room %s failed", code)
            job.error = str(exc)
        job.finished = time.monotonic()

    threading.Thread(target=work, name=f"prepare-{code}", daemon=True).start()
    return job


# --------------------------------------------------------------------------- live state


@dataclass(frozen=True)
class RoomView:
    """What a page shows of a room: its status, gallery (current round) and timeline."""

    status: dict[str, Any]
    gallery: pd.DataFrame
    rounds: list[dict[str, Any]]
    signature: tuple


def signature(status: dict[str, Any]) -> tuple:
    """Everything whose change should redraw a room's pages."""
    return (status["code"], status["round"], status["submissions"], status["locked"],
            status["twist_revealed"], status["teams"])


def room_view(code: str) -> RoomView:
    """The room's current state; the gallery is built once per change of the room."""
    room_store = store()
    status = room_store.status(code)
    sig = signature(status)
    with _lock:
        gallery = _gallery_cache.get(sig)
        if gallery is not None:
            _gallery_cache.move_to_end(sig)
    if gallery is None:
        gallery = room_store.gallery(code, status["round"])
        with _lock:
            _gallery_cache[sig] = gallery
            while len(_gallery_cache) > GALLERY_CACHE_SIZE:
                _gallery_cache.popitem(last=False)
    return RoomView(status, gallery, room_store.rounds(code), sig)


def error_text(error: Exception, lang: str) -> str:
    """A refused action as a sentence in ``lang`` (never a traceback)."""
    if isinstance(error, WorkshopError):
        try:
            return t(error.key, lang, **error.params)
        except (KeyError, IndexError, ValueError):
            return t("error_generic", lang, details=str(error))
    if isinstance(error, PackageError):
        return t("error_package", lang, details="; ".join(error.problems))
    return t("error_generic", lang, details=str(error)[:300])


# --------------------------------------------------------------------------- QR code


def qr_png(text: str, scale: int = 8) -> bytes:
    """A QR code of ``text`` as PNG bytes (drawn here; nothing is fetched)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
