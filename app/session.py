"""What one browser session runs: its scenario settings, its models and its replications.

Nothing here is module-level state. The page creates one :class:`Runner` per session (inside a
component, with ``solara.use_memo``), so two browsers never see or step the same model. A
runner holds scenario A and, when comparing, scenario B, both built on the same integer seed and
stepped together so that their weeks line up. A lock guards the models because stepping runs in
a worker thread while the page reads them to draw.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijksim.app.levers import RESIDENTS_PATH
from wijksim.experiments.provenance import timeline_hash
from wijksim.experiments.scenarios import (
    DatedChange,
    Scenario,
    ScenarioError,
    baseline_scenario,
    load_scenario,
    parse_scenario,
    shipped_scenarios,
)
from wijksim.sim import WijkModel
from wijksim.sim import run as run_headless
from wijksim.sim.params import ParameterError, Timeline

WEEKS_PER_YEAR = 52
MAX_UPLOAD_BYTES = 200_000


@dataclass(frozen=True)
class SideSettings:
    """The settings of one side (A or B): a scenario, lever changes and dated-change edits.

    Levers set the values at the start of the run; the scenario's dated changes still apply at
    their dates on top of them (a lever never silently drops a dated change). ``dated`` holds
    edits of the dated changes themselves: (index of the dated change, parameter) -> value.
    """

    scenario: Scenario
    key: str  # the shipped file name, or "uploaded: <name>"
    overrides: dict[str, Any] = field(default_factory=dict)
    dated: dict[tuple[int, str], Any] = field(default_factory=dict)

    def with_override(self, path: str, value: Any) -> SideSettings:
        """A copy with one lever changed."""
        return replace(self, overrides={**self.overrides, path: value})

    def with_overrides(self, changes: dict[str, Any]) -> SideSettings:
        """A copy with several levers changed (a "thing to try")."""
        return replace(self, overrides={**self.overrides, **changes})

    def with_dated(self, index: int, path: str, value: Any) -> SideSettings:
        """A copy with one value of dated change ``index`` edited."""
        return replace(self, dated={**self.dated, (index, path): value})

    @property
    def edited(self) -> bool:
        """Whether any lever or dated change differs from the scenario file."""
        return bool(self.overrides or self.dated)

    def effective_scenario(self) -> Scenario:
        """The scenario as edited: levers added to its start, dated edits to its dates."""
        timeline = tuple(
            DatedChange(dated.week, {**dated.set, **{path: value for (index, path), value
                                                     in self.dated.items() if index == i}})
            for i, dated in enumerate(self.scenario.timeline))
        return replace(self.scenario, changes={**self.scenario.changes, **self.overrides},
                       timeline=timeline)

    def later_changes(self, path: str) -> list[tuple[int, Any]]:
        """(week, value) of every dated change of ``path``, edits included."""
        return [(d.week, self.dated.get((i, path), d.set[path]))
                for i, d in enumerate(self.scenario.timeline) if path in d.set]


@dataclass(frozen=True)
class Built:
    """A side's timeline, or the problems that stopped it from being built."""

    timeline: Timeline | None
    problems: tuple[str, ...] = ()


def shipped() -> dict[str, Path]:
    """Shipped scenario files by file name, the baseline first."""
    return {path.name: path for path in shipped_scenarios()}


def load_shipped(name: str) -> SideSettings:
    """Settings for a shipped scenario with no overrides.

    Raises:
        ScenarioError: If the file does not load (its problems name file and line).
    """
    path = shipped().get(name)
    if path is None:
        raise ScenarioError([f"{name}: no such shipped scenario"])
    stat = path.stat()
    return SideSettings(_parsed(path, stat.st_mtime_ns, stat.st_size), name)


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int, size: int) -> Scenario:
    """A shipped file's scenario, parsed once per version of the file.

    Scenarios are frozen, and a page opened from a link, or going Back, reads the same files
    again and again.
    """
    return load_scenario(path)


def initial_settings() -> SideSettings:
    """The baseline file, or the baseline built from the code if the file does not load."""
    try:
        return load_shipped("baseline.yaml")
    except ScenarioError:
        return SideSettings(baseline_scenario(), "baseline (from the code)")


def scenario_from_text(text: str | bytes, source: str) -> Scenario:
    """Validate uploaded or pasted YAML; every problem is a ``file:line: message`` string.

    Raises:
        ScenarioError: If the text is not a valid scenario (or not text at all).
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "replace"))
    if size > MAX_UPLOAD_BYTES:  # pasted text as uploaded files
        raise ScenarioError([f"{source}:1: the file is too large "
                             f"({size:,} bytes; at most {MAX_UPLOAD_BYTES:,})"])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ScenarioError([f"{source}:1: not a UTF-8 text file"]) from None
    scenario = parse_scenario(text, source=source)
    scenario.build()
    return scenario


def build_side(settings: SideSettings, residents: int) -> Built:
    """The timeline of one side with its edits and the resident count applied."""
    try:
        return Built(settings.effective_scenario().build({RESIDENTS_PATH: int(residents)}))
    except ScenarioError as error:
        return Built(None, tuple(error.problems))
    except ParameterError as error:
        return Built(None, tuple(f"{path}: {msg}" for path, msg in error.problems))


def runner_key(timelines: dict[str, Timeline], seed: int) -> tuple:
    """A hashable key that changes whenever a run would differ (parameters or seed)."""
    return (seed, *sorted((label, timeline_hash(t)) for label, t in timelines.items()))


@dataclass(frozen=True)
class GridView:
    """A copy of what the neighbourhood grid draws, taken under the runner's lock."""

    width: int
    x: np.ndarray
    y: np.ndarray
    wellbeing: np.ndarray
    need: np.ndarray
    professionals: list[tuple[int, int, str]]
    centres: list[tuple[int, int, float]]
    centre_mode: str
    agencies: list[tuple[int, int]]
    circles: list[tuple[int, int]]
    buddies: list[tuple[int, int]]


def grid_view(model: WijkModel) -> GridView:
    """Copy the drawable state of a model (positions, wellbeing, need, institutions)."""
    state = model.residents
    model.move_professionals()
    pros = [(*p.cell.coordinate, p.kind) for p in model.professionals]
    centres = model.centres
    places = {kind: [a.cell.coordinate for a in model.institutions if a.kind == kind]
              for kind in ("mutual_aid_circle", "buddy_network")}
    return GridView(
        model.grid.width, state.x.copy(), state.y.copy(), state.wellbeing.copy(),
        state.need_hours.copy(), pros,
        [(int(x), int(y), float(q)) for x, y, q in zip(centres.x, centres.y, centres.quality,
                                                         strict=True)],
        model.params.community_centre.mode,
        [a.cell.coordinate for a in model.agencies], places["mutual_aid_circle"],
        places["buddy_network"])


@dataclass(frozen=True)
class Branch:
    """Where B branched from A: the week and a copy of A's neighbourhood as it was then."""

    week: int
    snapshot: WijkModel


class Runner:
    """The live models of one browser session: A, and B when comparing, on the same seed.

    ``branch`` is set when B was branched from A's running neighbourhood (Compare turned on
    after some weeks): B then shares A's history up to ``branch.week`` and follows its own
    settings after it.
    """

    def __init__(self, timelines: dict[str, Timeline], seed: int, key: tuple = ()):
        self.key = key
        self.seed = int(seed)
        self.timelines = dict(timelines)
        self.lock = threading.Lock()
        self.models = {label: WijkModel(t, seed=self.seed) for label, t in timelines.items()}
        self.branch: Branch | None = None

    def _copy(self, key: tuple) -> Runner:
        copy = object.__new__(Runner)
        copy.key, copy.seed, copy.lock = key, self.seed, self.lock
        copy.timelines, copy.models, copy.branch = dict(self.timelines), dict(self.models), None
        return copy

    def with_copy(self, key: tuple) -> Runner:
        """A runner that keeps A's run and adds B as a branch of it, with A's settings.

        B is ``WijkModel.fork`` of A where it is (the same state, random streams and weeks so
        far), so it goes on exactly as A until its settings change; a copy of A is kept as the
        branch point for later changes of B (:meth:`rebranched`).
        """
        copy = self._copy(key)
        with self.lock:
            copy.timelines["B"] = self.timelines["A"]
            copy.models["B"] = self.models["A"].fork()
            copy.branch = Branch(self.models["A"].week, self.models["A"].fork())
        return copy

    def rebranched(self, key: tuple, timeline: Timeline) -> Runner:
        """A runner that keeps A's run and branches B again from the branch point.

        B follows ``timeline`` from the branch week and is stepped up to A's week.

        Raises:
            ValueError: If ``timeline`` changes what the neighbourhood was built with (its
                size, households): a branch cannot rebuild it.
        """
        assert self.branch is not None
        copy = self._copy(key)
        model = self.branch.snapshot.fork(timeline)
        with self.lock:
            while model.week < self.models["A"].week:
                model.step()
        copy.timelines["B"], copy.models["B"], copy.branch = timeline, model, self.branch
        return copy

    @property
    def week(self) -> int:
        """Weeks simulated so far (the same for every side)."""
        return min(model.week for model in self.models.values())

    def step(self, weeks: int = 1) -> int:
        """Advance every side to ``weeks`` weeks past the side furthest behind.

        Returns the new week. A side that is ahead (A while B was being branched) waits.
        """
        with self.lock:
            target = self.week + weeks
            for model in self.models.values():
                while model.week < target:
                    model.step()
            return self.week

    def tables(self) -> dict[str, pd.DataFrame]:
        """Per-week outcomes of every side (copies), with a ``week`` column."""
        with self.lock:
            frames = {label: m.datacollector.get_model_vars_dataframe().copy()
                      for label, m in self.models.items()}
        for frame in frames.values():
            frame.insert(0, "week", range(len(frame)))
            frame.index = pd.RangeIndex(len(frame))  # reset_index(inplace=) is deprecated
        return frames

    def views(self) -> dict[str, GridView]:
        """The drawable state of every side."""
        with self.lock:
            return {label: grid_view(m) for label, m in self.models.items()}


def run_replications(timelines: dict[str, Timeline], seeds: list[int], weeks: int,
                     progress: Callable[[float], None] | None = None,
                     cancel: threading.Event | None = None) -> pd.DataFrame | None:
    """Run every side on every seed headless; one row per side, seed and week.

    Returns None if cancelled. ``progress`` is called with the share done (0-1).
    """
    frames = []
    total = len(timelines) * len(seeds)
    for i, (label, seed) in enumerate((lab, s) for s in seeds for lab in timelines):
        if cancel is not None and cancel.is_set():
            return None
        table = run_headless(timelines[label], weeks=weeks, seed=seed)
        table.insert(0, "seed", seed)
        table.insert(0, "side", label)
        frames.append(table)
        if progress is not None:
            progress((i + 1) / total)
    return pd.concat(frames, ignore_index=True)
