"""Downloads from the app: settings as scenario YAML, and a run's data with its provenance.

The run data is a zip with one CSV per side and ``provenance.json``.

The YAML is written by ``experiments.scenarios.export_changes_yaml``, which parses its own output
before returning it, so an exported file always loads back through ``wijksim validate``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd

from wijksim.app.levers import changes_between
from wijksim.app.session import SideSettings
from wijksim.experiments.provenance import manifest
from wijksim.experiments.scenarios import export_changes_yaml
from wijksim.sim.params import Params, Timeline


def export_name(settings: SideSettings) -> str:
    """An identifier for the exported scenario: the scenario's name, ``_custom`` if changed."""
    base = re.sub(r"[^a-z0-9_]+", "_", settings.scenario.name.lower()).strip("_") or "scenario"
    return f"{base}_custom" if settings.edited else base


def timeline_changes(timeline: Timeline) -> tuple[dict, list[tuple[int, dict]]]:
    """Changes from week 0 (versus the defaults) and dated changes that rebuild ``timeline``.

    Each dated change is given versus the stage before it.
    """
    start = timeline.stages[0][1]
    changes = changes_between(Params(), start)
    dated, before = [], start
    for week, params in timeline.stages[1:]:
        dated.append((week, changes_between(before, params)))
        before = params
    return changes, dated


def settings_yaml(settings: SideSettings, timeline: Timeline) -> str:
    """The current settings of one side (scenario, levers, residents) as scenario YAML."""
    changes, dated = timeline_changes(timeline)
    scenario = settings.scenario
    levers = ", ".join([f"{path} = {value}" for path, value in settings.overrides.items()]
                       + [f"{path} = {value} from week {scenario.timeline[index].week}"
                          for (index, path), value in settings.dated.items()])
    description = scenario.description
    if levers:
        description += f" Changed in the wijksim app: {levers}."
    title = scenario.title + (" (changed in the app)" if settings.edited else "")
    return export_changes_yaml(export_name(settings), title, description, changes, dated)


def run_zip(tables: dict[str, pd.DataFrame], settings: dict[str, SideSettings],
            timelines: dict[str, Timeline], seed: int) -> bytes:
    """A zip with ``run_<side>.csv`` per side and ``provenance.json`` (one manifest per side)."""
    buffer = io.BytesIO()
    provenance = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for side, table in tables.items():
            archive.writestr(f"run_{side}.csv", table.to_csv(index=False))
            scenario = settings[side].scenario
            info = manifest(scenario.name, scenario.source, timelines[side], seed,
                            int(table["week"].iloc[-1]))
            info["app_overrides"] = dict(settings[side].overrides)
            info["app_dated_edits"] = [
                {"week": scenario.timeline[index].week, "parameter": path, "value": value}
                for (index, path), value in settings[side].dated.items()]
            provenance[side] = info
        archive.writestr("provenance.json", json.dumps(provenance, indent=2, default=str))
    return buffer.getvalue()
