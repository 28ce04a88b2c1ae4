"""Load on one workshop room: 30 teams join and submit at once from 30 threads.

This drives the room store that the served workshop app shares between its sessions
(``app.workshop.service``), with the tiny test exercise (200 residents, 16 weeks, 2 seeds); the
browser side is covered by ``tests/web/test_workshop.py`` and the timing by
``benchmarks/bench_workshop.py``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from wijksim.experiments.workshop.exercises import load_exercise
from wijksim.experiments.workshop.rooms import RoomLocked, RoomStore

EXERCISE = Path(__file__).resolve().parent / "web" / "data" / "workshop_test.yaml"
TEAMS = 30


def test_thirty_teams_submit_at_once(tmp_path):
    store = RoomStore(tmp_path / "rooms", results_dir=tmp_path, max_parallel_runs=2)
    exercise = load_exercise(EXERCISE)
    room = store.create_room(exercise)
    store.prepare(room.code)
    errors: list[BaseException] = []
    start = threading.Barrier(TEAMS)

    def participant(i: int) -> None:
        try:
            _team, pin = store.join(room.code, f"Team {i:02d}")
            start.wait(timeout=60)
            package = {"generalists.enabled": i % 2 == 0,
                       "community_centre.mode": "self_managed" if i % 3 == 0 else "municipal"}
            store.estimate(room.code, package)
            store.submit(room.code, pin, package)
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(TEAMS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    gallery = store.gallery(room.code)
    teams = set(gallery.loc[~gallery["is_baseline"], "team"])
    assert teams == {f"Team {i:02d}" for i in range(TEAMS)}
    assert store.status(room.code)["submissions"] == TEAMS
    # the room survives a restart with every submission
    again = RoomStore(tmp_path / "rooms", results_dir=tmp_path)
    assert again.status(room.code)["submissions"] == TEAMS
    # a locked room refuses a submission
    store.lock(room.code, room.facilitator_key)
    _team, pin = store.join(room.code, "Late team")
    with pytest.raises(RoomLocked):
        store.submit(room.code, pin, {})
