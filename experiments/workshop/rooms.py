"""Workshop rooms: teams join with a room code, choose a policy package, run it and submit.

A :class:`RoomStore` keeps every room as one JSON file under a folder (written through a
temporary file and ``os.replace``, so a crash never leaves half a file) and reads them all back
when it starts: a facilitator who restarts the app keeps every team and every submitted result.
One lock guards all state, so the store can be shared by the threads of a Solara server; the
simulations of a submission run outside that lock (at most ``max_parallel_runs`` at once).

Roles and secrets:

- The **room code** (6 characters from an alphabet without look-alikes such as 0/O and 1/I/L)
  lets anyone join the room as a team. Rooms never see each other's teams or results.
- The **facilitator key** (returned once by :meth:`RoomStore.create_room`, stored only as a
  hash) is needed for everything that changes the room (lock, twist, new round) or shows a
  team's package (:meth:`RoomStore.submission`, :meth:`RoomStore.export_csv`).
- The **team PIN** (8 characters, shown as ``ABCD-EFGH``; returned once by
  :meth:`RoomStore.join`, stored only as a hash) lets a team rejoin. The browser keeps the room
  code and PIN in local storage, so closing and reopening the page is enough; on another device
  the participant types the room code and the PIN. A PIN identifies its team within its room;
  team names are not secret. Other teams see results in the gallery, never packages.

Rounds and the twist: a room starts in round 1. :meth:`RoomStore.new_round` starts the next
round (the gallery shows each team's latest submission in the current round).
:meth:`RoomStore.reveal_twist` also starts a new round, in which the exercise's twist applies as
a dated change to every run submitted from then on (and to the gallery's baseline row).

Budget: a submission's cost is the mean public cost per resident per year of its own runs on the
room's seeds; ``within_budget`` compares that with the exercise's budget. The live hint before
submitting (:meth:`RoomStore.estimate`) adds up the lever costs instead, which ignores how
levers interact; it is only a hint. An over-budget submission is accepted and marked.

Errors are :class:`WorkshopError` subclasses with a translation ``key`` and ``params`` for
:func:`app.workshop.i18n.t`, or :class:`experiments.workshop.exercises.PackageError`.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from wijksim.analysis.summary import mean_interval
from wijksim.experiments.runner import write_atomically
from wijksim.experiments.scenarios import ScenarioError
from wijksim.experiments.workshop.exercises import (
    COST,
    WELLBEING,
    Exercise,
    LeverCosts,
    lever_costs,
    parse_exercise,
    run_package,
    start_summaries,
)

DEFAULT_ROOMS_DIR = Path("results") / "workshop_rooms"


def rooms_dir() -> Path:
    """The folder of a workshop server's room files: ``WIJKSIM_WORKSHOP_DIR`` or the default.

    The lever-price cache is kept beside it (``<parent>/workshop_cache``).
    """
    return Path(os.environ.get("WIJKSIM_WORKSHOP_DIR") or DEFAULT_ROOMS_DIR)


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 6
PIN_LENGTH = 8
MAX_TEAMS = 80
NAME_MAX = 30
NAME_PATTERN = re.compile(r"[^\W_][\w .,!?()'\-]*")
BASELINE_TEAM = "baseline"
FORMAT_VERSION = 1
TOKEN_LENGTH = 32  # hex digits of a team's browser token (kept in localStorage, not the PIN)
TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")
# Guessing: after FREE_MISSES wrong tries in a row for one target (a room's PINs, a room's
# facilitator key, or room codes as a whole), every try waits PAUSE_SECONDS, doubling with each
# further miss up to MAX_PAUSE_SECONDS; a right answer after the wait resets the count. At these
# rates a PIN (31^8 ~ 8.5e11) or a room code (31^6 ~ 8.9e8) cannot be guessed in a workshop.
FREE_MISSES = 5
PAUSE_SECONDS = 2.0
MAX_PAUSE_SECONDS = 300.0
MAX_ROOMS_PER_HOUR = 30


class WorkshopError(ValueError):
    """A refused workshop action; ``key`` and ``params`` translate it (see i18n)."""

    def __init__(self, key: str, message: str, **params: Any):
        self.key, self.params = key, params
        super().__init__(message)


class UnknownRoom(WorkshopError):
    """No room has this code."""


class RoomLocked(WorkshopError):
    """The room does not take submissions now."""


class TooManyTries(WorkshopError):
    """Too many wrong guesses (PIN, facilitator key or room code) for now; wait and retry."""


class TeamError(WorkshopError):
    """A bad team name, a taken name, an unknown PIN, or a submission already running."""


class NotFacilitator(WorkshopError):
    """The facilitator key is missing or wrong."""


# --------------------------------------------------------------------------- records


@dataclass
class Team:
    """A team in a room. ``pin_hash`` is the SHA-256 of the room code and the team PIN."""

    name: str
    pin_hash: str
    joined: str


@dataclass
class Submission:
    """One run of a team's package on the room's seeds, with its results.

    ``runs`` holds one outcome summary per seed (:func:`analysis.summary.summarise_run`);
    ``summary`` holds the mean and 95% interval of every outcome over the seeds.
    """

    id: str
    team: str
    round: int
    twist: bool
    package: dict[str, Any]
    submitted: str
    seeds: list[int]
    runs: list[dict[str, float]]
    summary: dict[str, list[float]]
    cost: float
    within_budget: bool
    seconds: float


@dataclass
class Room:
    """A workshop room: an exercise, its teams and their submissions.

    ``facilitator_key`` holds the plain key only on the object returned by
    :meth:`RoomStore.create_room`; the store keeps its hash.
    """

    code: str
    exercise: Exercise = field(repr=False)
    exercise_text: str = field(repr=False)
    created: str
    key_hash: str = field(repr=False)
    round: int = 1
    locked: bool = False
    twist_revealed: bool = False
    twist_round: int | None = None
    teams: list[Team] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    baselines: dict[str, list[dict[str, float]]] = field(default_factory=dict, repr=False)
    facilitator_key: str | None = field(default=None, repr=False)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _hash(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode("utf-8")).hexdigest()


def _token_of(team: Team) -> str:
    """A team's browser token: a one-way function of its PIN hash (32 hex digits)."""
    return _hash("browser token", team.pin_hash)[:TOKEN_LENGTH]


def _projector_token_of(room: Room) -> str:
    """A room's projector token: a one-way function of its facilitator key hash."""
    return _hash("projector token", room.key_hash)[:TOKEN_LENGTH]


def _secret(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: Any, length: int = CODE_LENGTH) -> str | None:
    """An entered code or PIN in canonical form (upper case, no spaces or dashes), or None."""
    if not isinstance(text, str):
        return None
    code = re.sub(r"[\s\-]", "", text).upper()
    if len(code) != length or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def format_pin(pin: str) -> str:
    """A PIN as shown to participants: ``ABCD-EFGH``."""
    return f"{pin[:4]}-{pin[4:]}"


def validate_team_name(name: Any) -> str:
    """A team name with its spaces tidied: 1-30 letters, digits, spaces and simple punctuation.

    The first character is a letter or digit (so a name can never start a spreadsheet
    formula); markup characters such as ``<``, ``>``, ``&``, quotes other than ``'``, ``*``
    and brackets other than ``( )`` are refused.

    Raises:
        TeamError: If the name is not allowed.
    """
    if not isinstance(name, str):
        raise TeamError("error_team_name", "a team name is text")
    tidy = " ".join(name.split())
    if not 1 <= len(tidy) <= NAME_MAX or not tidy.isprintable() or not NAME_PATTERN.fullmatch(
            tidy):
        raise TeamError("error_team_name", f"team name {tidy[:40]!r} is not allowed: use 1 to "
                        f"{NAME_MAX} letters, digits, spaces and . , ! ? ( ) ' -, starting "
                        "with a letter or digit", max=NAME_MAX)
    return tidy


# --------------------------------------------------------------------------- the store


class Throttle:
    """Counts wrong guesses per target and makes further tries wait, with back-off.

    Per target, not per client: a guesser cannot escape it by opening new sessions. The cost
    is that a guesser can make a room's teams wait a few minutes at worst; PINs stay safe.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._misses: dict[str, tuple[int, float]] = {}  # target -> (misses, locked until)

    def check(self, target: str) -> None:
        """Raise :class:`TooManyTries` if ``target`` is paused now."""
        _, until = self._misses.get(target, (0, 0.0))
        wait = until - self.clock()
        if wait > 0:
            raise TooManyTries("error_too_many_tries", f"too many wrong tries; wait "
                               f"{wait:.0f} s and try again", seconds=max(1, round(wait)))

    def miss(self, target: str) -> None:
        """Record a wrong guess (and pause the target once the free misses are used)."""
        misses, _ = self._misses.get(target, (0, 0.0))
        misses += 1
        pause = 0.0
        if misses > FREE_MISSES:
            pause = min(PAUSE_SECONDS * 2 ** (misses - FREE_MISSES - 1), MAX_PAUSE_SECONDS)
        self._misses[target] = (misses, self.clock() + pause)

    def hit(self, target: str) -> None:
        """A right answer: the count starts again."""
        self._misses.pop(target, None)


class RoomStore:
    """All rooms, persisted as JSON files under ``directory``; safe to share between threads.

    Args:
        directory: Folder of the room files (``<CODE>.json``); created if missing.
        results_dir: Folder under which the lever-cost cache is kept.
        max_parallel_runs: Submissions whose simulations may run at the same time.
    """

    def __init__(self, directory: str | Path, results_dir: str | Path = "results",
                 max_parallel_runs: int | None = None):
        self.directory = Path(directory)
        self.results_dir = Path(results_dir)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._runs = threading.BoundedSemaphore(max_parallel_runs or os.cpu_count() or 1)
        self._busy: set[tuple[str, str]] = set()
        self._rooms: dict[str, Room] = {}
        self.throttle = Throttle()
        self._created: list[float] = []  # when rooms were created (for the hourly limit)
        # each room's version, raised by every change, so that pages waiting on a room hear of
        # a change at once instead of at their next poll (wait_for_change)
        self._versions: dict[str, int] = {}
        self._changed = threading.Condition()
        self.load_problems: list[str] = []
        self._load_all()

    # ----------------------------------------------------------------- persistence

    def _path(self, code: str) -> Path:
        return self.directory / f"{code}.json"

    def _load_all(self) -> None:
        for path in sorted(self.directory.glob("*.json")):
            try:
                room = _room_from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError, ScenarioError) as exc:
                self.load_problems.append(f"{path}: not loaded: {exc}")
                continue
            self._rooms[room.code] = room

    def _save(self, room: Room) -> None:
        text = json.dumps(_room_to_dict(room), indent=1)
        write_atomically(self._path(room.code),
                         lambda p: p.write_text(text, encoding="utf-8"))
        with self._changed:
            self._versions[room.code] = self._versions.get(room.code, 0) + 1
            self._changed.notify_all()

    def version(self, code: str) -> int:
        """How many changes room ``code`` has had since the server started."""
        with self._changed:
            return self._versions.get(code, 0)

    def wait_for_change(self, code: str, seen: int, timeout: float) -> int:
        """Wait until room ``code`` is past version ``seen`` or ``timeout`` seconds pass.

        Returns the room's version then (``seen`` if nothing changed).
        """
        with self._changed:
            self._changed.wait_for(lambda: self._versions.get(code, 0) != seen, timeout)
            return self._versions.get(code, 0)

    # ----------------------------------------------------------------- lookups

    def _room(self, code: Any) -> Room:
        self.throttle.check("room codes")
        canonical = normalise_code(code)
        room = self._rooms.get(canonical) if canonical else None
        if room is None:
            self.throttle.miss("room codes")
            shown = str(code)[:20]
            raise UnknownRoom("error_unknown_room", f"there is no room with code {shown!r}",
                              code=shown)
        return room

    def _facilitator_room(self, code: Any, key: Any) -> Room:
        room = self._room(code)
        target = f"{room.code} facilitator key"
        self.throttle.check(target)
        if not isinstance(key, str) or not hmac.compare_digest(
                _hash(room.code, "facilitator", key.strip()), room.key_hash):
            self.throttle.miss(target)
            raise NotFacilitator("error_not_facilitator", f"wrong facilitator key for room "
                                 f"{room.code}", code=room.code)
        self.throttle.hit(target)
        return room

    def _team(self, room: Room, credential: Any) -> Team:
        """The team of a PIN or of a browser token (see :func:`browser_token`)."""
        target = f"{room.code} PINs"
        self.throttle.check(target)
        if isinstance(credential, str) and TOKEN_PATTERN.fullmatch(credential):
            for team in room.teams:
                if hmac.compare_digest(_token_of(team), credential):
                    self.throttle.hit(target)
                    return team
        canonical = normalise_code(credential, PIN_LENGTH)
        if canonical is not None:
            digest = _hash(room.code, canonical)
            for team in room.teams:
                if hmac.compare_digest(team.pin_hash, digest):
                    self.throttle.hit(target)
                    return team
        self.throttle.miss(target)
        raise TeamError("error_unknown_pin", f"no team in room {room.code} has this PIN",
                        code=room.code)

    def codes(self) -> list[str]:
        """The codes of all rooms (for the facilitator's start page)."""
        with self._lock:
            return sorted(self._rooms)

    def room(self, code: str, key: str) -> Room:
        """The room (facilitator only)."""
        with self._lock:
            return self._facilitator_room(code, key)

    # ----------------------------------------------------------------- facilitator actions

    def create_room(self, exercise: Exercise, exercise_text: str | None = None) -> Room:
        """Open a room for an exercise; the returned room carries the facilitator key.

        Args:
            exercise: The exercise.
            exercise_text: The exercise's YAML (stored in the room so that a restart rebuilds
                exactly this exercise); read from ``exercise.source`` when not given.
        """
        text = exercise_text if exercise_text is not None else Path(
            exercise.source).read_text(encoding="utf-8")
        key = secrets.token_urlsafe(12)
        with self._lock:
            now = self.throttle.clock()
            self._created = [t for t in self._created if now - t < 3600]
            if len(self._created) >= MAX_ROOMS_PER_HOUR:
                raise TooManyTries("error_too_many_rooms", f"{MAX_ROOMS_PER_HOUR} rooms were "
                                   "opened in the last hour; wait before opening another",
                                   max=MAX_ROOMS_PER_HOUR)
            self._created.append(now)
            code = _secret(CODE_LENGTH)
            while code in self._rooms or self._path(code).exists():
                code = _secret(CODE_LENGTH)
            room = Room(code=code, exercise=exercise, exercise_text=text, created=_now(),
                        key_hash=_hash(code, "facilitator", key))
            self._rooms[code] = room
            self._save(room)
        return replace(room, facilitator_key=key)

    def lock(self, code: str, key: str) -> None:
        """Refuse new submissions (runs already started still finish and count)."""
        self._set(code, key, locked=True)

    def unlock(self, code: str, key: str) -> None:
        """Take submissions again."""
        self._set(code, key, locked=False)

    def new_round(self, code: str, key: str) -> int:
        """Start the next round; returns its number."""
        with self._lock:
            room = self._facilitator_room(code, key)
            room.round += 1
            self._save(room)
            return room.round

    def reveal_twist(self, code: str, key: str) -> int:
        """Reveal the exercise's twist and start a new round in which it applies.

        Returns:
            The new round's number.

        Raises:
            WorkshopError: If the exercise has no twist or it is already revealed.
        """
        with self._lock:
            room = self._facilitator_room(code, key)
            if room.exercise.twist is None or room.twist_revealed:
                raise WorkshopError("error_no_twist", f"room {room.code} has no twist to "
                                    "reveal", code=room.code)
            room.twist_revealed = True
            room.round += 1
            room.twist_round = room.round
            self._save(room)
            return room.round

    def _set(self, code: str, key: str, **changes: Any) -> None:
        with self._lock:
            room = self._facilitator_room(code, key)
            for name, value in changes.items():
                setattr(room, name, value)
            self._save(room)

    def prepare(self, code: str) -> LeverCosts:
        """Compute (or read from the cache) the baseline and lever costs for the room's state.

        Slow the first time for an exercise (one short run per lever value and seed); call it
        from a worker thread right after creating a room and after revealing the twist.
        """
        self.baseline(code)
        return self.costs(code)

    # ----------------------------------------------------------------- participants

    def join(self, code: str, team_name: str) -> tuple[Team, str]:
        """Join a room as a new team.

        Returns:
            The team and its PIN (8 characters; show it as :func:`format_pin`, keep it in the
            browser's local storage). Only its hash is stored.

        Raises:
            UnknownRoom: If no room has this code.
            TeamError: If the name is not allowed or already taken, or the room is full.
        """
        name = validate_team_name(team_name)
        with self._lock:
            room = self._room(code)
            if any(team.name.casefold() == name.casefold() for team in room.teams):
                raise TeamError("error_team_taken", f"room {room.code} already has a team "
                                f"called {name!r}; if it is yours, rejoin with its PIN",
                                name=name)
            if len(room.teams) >= MAX_TEAMS:
                raise TeamError("error_room_full", f"room {room.code} is full ({MAX_TEAMS} "
                                "teams)", max=MAX_TEAMS)
            pin = _secret(PIN_LENGTH)
            while any(team.pin_hash == _hash(room.code, pin) for team in room.teams):
                pin = _secret(PIN_LENGTH)
            team = Team(name=name, pin_hash=_hash(room.code, pin), joined=_now())
            room.teams.append(team)
            self._save(room)
            return team, pin

    def projector_token(self, code: str, key: str) -> str:
        """The token of a room's projector link, for its facilitator only.

        The projector shows every team's results, so it opens only with this token (derived
        one-way from the room's key hash: nothing stored, stable across restarts).
        """
        with self._lock:
            return _projector_token_of(self._facilitator_room(code, key))

    def check_projector(self, code: str, token: Any) -> None:
        """Raise :class:`NotFacilitator` unless ``token`` is the room's projector token."""
        with self._lock:
            room = self._room(code)
            target = f"{room.code} projector"
            self.throttle.check(target)
            if not (isinstance(token, str) and hmac.compare_digest(
                    _projector_token_of(room), token.strip())):
                self.throttle.miss(target)
                raise NotFacilitator("error_projector_token", f"the projector link of room "
                                     f"{room.code} is not valid", code=room.code)
            self.throttle.hit(target)

    def browser_token(self, code: str, pin: str) -> str:
        """What a team's browser keeps instead of the PIN: a token that opens only this team.

        Derived from the team's stored PIN hash (so nothing new is stored and it survives a
        restart); the PIN itself cannot be recovered from it. Every call that takes a PIN
        (:meth:`rejoin`, :meth:`submit`, :meth:`my_submissions`) takes the token too.
        """
        with self._lock:
            return _token_of(self._team(self._room(code), pin))

    def rejoin(self, code: str, pin: str) -> Team:
        """The team of a PIN (typed as ``ABCD-EFGH`` or ``abcdefgh``) in a room.

        Raises:
            UnknownRoom: If no room has this code.
            TeamError: If no team in the room has this PIN.
        """
        with self._lock:
            return self._team(self._room(code), pin)

    def my_submissions(self, code: str, pin: str) -> list[Submission]:
        """The team's own submissions, oldest first, with their packages."""
        with self._lock:
            room = self._room(code)
            team = self._team(room, pin)
            return [s for s in room.submissions if s.team == team.name]

    def exercise(self, code: str) -> Exercise:
        """The room's exercise (what participants may choose; public to the room)."""
        with self._lock:
            return self._room(code).exercise

    def status(self, code: str) -> dict[str, Any]:
        """Round, lock and twist state, team count: what every view polls."""
        with self._lock:
            room = self._room(code)
            return {"code": room.code, "exercise": room.exercise.name, "round": room.round,
                    "locked": room.locked, "twist_revealed": room.twist_revealed,
                    "twist_round": room.twist_round, "teams": len(room.teams),
                    "submissions": len(room.submissions)}

    def rounds(self, code: str) -> list[dict[str, Any]]:
        """The room's timeline: per round, whether the twist applies and how many teams submitted.

        Public (no team names, no packages): the projector view shows it.
        """
        with self._lock:
            room = self._room(code)
            teams: dict[int, set[str]] = {}
            for sub in room.submissions:
                teams.setdefault(sub.round, set()).add(sub.team)
            return [{"round": r, "twist": room.twist_round is not None and r >= room.twist_round,
                     "teams": len(teams.get(r, ()))} for r in range(1, room.round + 1)]

    def costs(self, code: str) -> LeverCosts:
        """Lever costs for the room's current state (with the twist once revealed); cached."""
        with self._lock:
            room = self._room(code)
            exercise, twist = room.exercise, room.twist_revealed
        return lever_costs(exercise, self.results_dir, twist=twist)

    def estimate(self, code: str, package: Mapping[str, Any]) -> dict[str, Any]:
        """The live hint: estimated cost of a package (start + sum of lever costs) vs budget.

        Raises:
            PackageError: If the package is not allowed.
        """
        exercise = self.exercise(code)
        clean = exercise.validate_package(package)
        cost = self.costs(code).estimate(exercise, clean)
        return {"estimated_cost": cost, "budget": exercise.budget,
                "within_budget": exercise.within_budget(cost)}

    def submit(self, code: str, pin: str, package: Mapping[str, Any]) -> Submission:
        """Run a team's package on the room's seeds and record the result.

        Idempotent: the same package as the team's latest submission in this round (and with
        the twist as it is) returns that submission; nothing is run or recorded again.

        Raises:
            UnknownRoom: If no room has this code.
            TeamError: If the PIN is unknown or the team's previous submission is still running.
            RoomLocked: If the room is locked.
            PackageError: If a lever or value is not allowed (nothing is run).
        """
        with self._lock:
            room = self._room(code)
            team = self._team(room, pin)
            if room.locked:
                raise RoomLocked("error_locked", f"room {room.code} is locked: submissions "
                                 "are closed for now", code=room.code)
            clean = room.exercise.validate_package(package)
            again = _latest_same(room, team.name, clean)
            if again is not None:  # a double click, or the same package again: one submission
                return again
            if (room.code, team.name) in self._busy:
                raise TeamError("error_busy", f"team {team.name!r} already has a run going; "
                                "wait for it to finish", name=team.name)
            self._busy.add((room.code, team.name))
            exercise, round_, twist = room.exercise, room.round, room.twist_revealed
        try:
            started = time.perf_counter()
            with self._runs:
                runs = run_package(exercise, clean, twist=twist)
            submission = _submission(exercise, team.name, round_, twist, clean, runs,
                                     time.perf_counter() - started)
            with self._lock:
                room.submissions.append(submission)
                self._save(room)
            return submission
        finally:
            with self._lock:
                self._busy.discard((room.code, team.name))

    # ----------------------------------------------------------------- results

    def baseline(self, code: str, twist: bool | None = None) -> list[dict[str, float]]:
        """The starting world's summaries on the room's seeds (with the twist if revealed)."""
        with self._lock:
            room = self._room(code)
            twist = room.twist_revealed if twist is None else twist
            known = room.baselines.get(str(twist))
            if known is not None:
                return known
            exercise = room.exercise
        runs = start_summaries(exercise, self.results_dir, twist=twist)
        with self._lock:
            room.baselines[str(twist)] = runs
            self._save(room)
        return runs

    def gallery(self, code: str, round_: int | None = None) -> pd.DataFrame:
        """One row per team (its latest submission in the round) plus the baseline row.

        Columns: ``team``, ``is_baseline``, ``round``, ``submission``, ``submitted``, ``cost``,
        ``cost_lo``, ``cost_hi``, ``wellbeing``, ``wellbeing_lo``, ``wellbeing_hi``, the
        exercise's extra outcomes (each with ``_lo`` and ``_hi``) and ``within_budget``.
        Intervals are 95% t-intervals over the seeds (NaN with one seed). No packages.
        """
        with self._lock:
            room = self._room(code)
            round_ = room.round if round_ is None else int(round_)
            latest: dict[str, Submission] = {}
            for sub in room.submissions:
                if sub.round == round_:
                    latest[sub.team] = sub
            twist = room.twist_round is not None and round_ >= room.twist_round
            exercise = room.exercise
        rows = [_baseline_row(exercise, self.baseline(code, twist), round_)]
        rows += [_gallery_row(exercise, sub) for sub in latest.values()]
        return pd.DataFrame(rows)

    def submission(self, code: str, key: str, submission_id: str) -> Submission:
        """One submission in full, with its package and per-seed results (facilitator only)."""
        with self._lock:
            room = self._facilitator_room(code, key)
            for sub in room.submissions:
                if sub.id == submission_id:
                    return sub
        raise WorkshopError("error_unknown_submission", f"room {code} has no submission "
                            f"{str(submission_id)[:20]!r}", id=str(submission_id)[:20])

    def export_csv(self, code: str, key: str) -> str:
        """Every submission, one row per seed, with its package and every outcome (CSV text).

        The baseline runs come first (team ``baseline``). Lever values are in columns named
        ``lever:<path>``; empty means the starting world's value.
        """
        with self._lock:
            room = self._facilitator_room(code, key)
            subs = list(room.submissions)
            exercise, baselines = room.exercise, dict(room.baselines)
        rows = [_export_base(room.code, exercise, twist == "True", runs)
                for twist, runs in sorted(baselines.items())]
        rows = [row for block in rows for row in block]
        rows += [row for sub in subs for row in _export_rows(room.code, exercise, sub)]
        head = ["room", "exercise", "team", "submission", "round", "twist", "submitted",
                *[f"lever:{lever.path}" for lever in exercise.levers], "mean_cost",
                "within_budget", "seed"]
        table = pd.DataFrame(rows)
        table = table[[c for c in head if c in table] + [c for c in table if c not in head]]
        buffer = io.StringIO()
        table.to_csv(buffer, index=False)
        return buffer.getvalue()


# --------------------------------------------------------------------------- helpers


def _submission(exercise: Exercise, team: str, round_: int, twist: bool,
                package: dict[str, Any], runs: list[dict[str, float]],
                seconds: float) -> Submission:
    summary = {name: list(mean_interval(pd.Series([run[name] for run in runs])))
               for name in runs[0]}
    cost = summary[COST][0]
    return Submission(id=secrets.token_hex(4), team=team, round=round_, twist=twist,
                      package=dict(package), submitted=_now(), seeds=list(exercise.seeds),
                      runs=runs, summary=summary, cost=cost,
                      within_budget=exercise.within_budget(cost), seconds=round(seconds, 3))


def _columns(exercise: Exercise, summary: Mapping[str, list[float]]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    named = [("cost", COST), ("wellbeing", WELLBEING)]
    named += [(name, name) for name in exercise.outcomes if name not in (COST, WELLBEING)]
    for column, outcome in named:
        row[column], row[f"{column}_lo"], row[f"{column}_hi"] = summary[outcome]
    return row


def _latest_same(room: Room, team: str, package: dict[str, Any]) -> Submission | None:
    """The team's latest submission in the room's round if it has this package and twist."""
    mine = [s for s in room.submissions if s.team == team and s.round == room.round]
    if mine and mine[-1].package == package and mine[-1].twist == room.twist_revealed:
        return mine[-1]
    return None


def _gallery_row(exercise: Exercise, sub: Submission) -> dict[str, Any]:
    return {"team": sub.team, "is_baseline": False, "round": sub.round, "submission": sub.id,
            "submitted": sub.submitted, **_columns(exercise, sub.summary),
            "within_budget": sub.within_budget}


def _baseline_row(exercise: Exercise, runs: list[dict[str, float]], round_: int) -> dict:
    summary = {name: list(mean_interval(pd.Series([run[name] for run in runs])))
               for name in runs[0]}
    return {"team": BASELINE_TEAM, "is_baseline": True, "round": round_, "submission": "",
            "submitted": "", **_columns(exercise, summary),
            "within_budget": exercise.within_budget(summary[COST][0])}


def _export_rows(code: str, exercise: Exercise, sub: Submission) -> list[dict[str, Any]]:
    levers = {f"lever:{lever.path}": sub.package.get(lever.path) for lever in exercise.levers}
    head = {"room": code, "exercise": exercise.name, "team": sub.team, "submission": sub.id,
            "round": sub.round, "twist": sub.twist, "submitted": sub.submitted, **levers,
            "mean_cost": sub.cost, "within_budget": sub.within_budget}
    return [{**head, "seed": seed, **run} for seed, run in zip(sub.seeds, sub.runs, strict=True)]


def _export_base(code: str, exercise: Exercise, twist: bool,
                 runs: list[dict[str, float]]) -> list[dict[str, Any]]:
    head = {"room": code, "exercise": exercise.name, "team": BASELINE_TEAM, "submission": "",
            "round": "", "twist": twist, "submitted": ""}
    return [{**head, "seed": seed, **run} for seed, run in zip(exercise.seeds, runs, strict=True)]


def _room_to_dict(room: Room) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION, "code": room.code, "exercise_source": room.exercise.source,
        "exercise_text": room.exercise_text, "created": room.created, "key_hash": room.key_hash,
        "round": room.round, "locked": room.locked, "twist_revealed": room.twist_revealed,
        "twist_round": room.twist_round, "teams": [asdict(team) for team in room.teams],
        "submissions": [asdict(sub) for sub in room.submissions], "baselines": room.baselines,
    }


def _room_from_dict(data: dict[str, Any]) -> Room:
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"unknown room file format {data.get('format')!r}")
    source = data["exercise_source"]
    base_dir = Path(source).resolve().parent if source != "<text>" else None
    exercise = parse_exercise(data["exercise_text"], source=source, base_dir=base_dir)
    return Room(
        code=data["code"], exercise=exercise, exercise_text=data["exercise_text"],
        created=data["created"], key_hash=data["key_hash"], round=data["round"],
        locked=data["locked"], twist_revealed=data["twist_revealed"],
        twist_round=data["twist_round"], teams=[Team(**team) for team in data["teams"]],
        submissions=[Submission(**sub) for sub in data["submissions"]],
        baselines=data.get("baselines", {}))
