"""Run scenarios and write their results.

One run to a tidy table, paired comparisons on shared seeds, and writing results (Parquet) with
their provenance manifest.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wijksim.experiments.provenance import manifest, timeline_hash
from wijksim.experiments.scenarios import Scenario
from wijksim.sim import run
from wijksim.sim.params import Timeline

WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class RunSpec:
    """One run: a scenario, its timeline (with any overrides applied), a seed, a length."""

    scenario: Scenario
    timeline: Timeline
    seed: int
    weeks: int

    @classmethod
    def make(cls, scenario: Scenario, *, seed: int, years: float,
             overrides: dict | None = None) -> RunSpec:
        """Build a run from a scenario, validating overrides and the run length."""
        weeks = round(years * WEEKS_PER_YEAR)
        if weeks < 1:
            raise ValueError(f"--years must give at least one week, got {years!r}")
        return cls(scenario, scenario.build(overrides or {}), int(seed), weeks)

    def changes_after_the_end(self) -> list[int]:
        """Weeks of dated changes that fall after the run ends (they have no effect)."""
        return [week for week, _ in self.timeline.stages[1:] if week >= self.weeks]


def run_one(spec: RunSpec, progress=None) -> pd.DataFrame:
    """Run one scenario and seed; the table carries scenario and seed columns.

    ``progress`` may wrap the weeks to show how far the run is (see ``sim.run``).
    """
    table = run(spec.timeline, weeks=spec.weeks, seed=spec.seed, progress=progress)
    table.insert(0, "seed", spec.seed)
    table.insert(0, "scenario", spec.scenario.name)
    return table


def current_umask() -> int:
    """The process's file-creation mask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    with _UMASK_LOCK:  # elsewhere: set and restore (not atomic, hence the lock)
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def write_atomically(path: Path, write) -> None:
    """Write a file through a temporary name in the same folder, then rename it into place.

    A half-written file is therefore never read as a result. The file gets the permissions a
    plain ``open`` would give it (0666 less the umask): ``mkstemp`` makes files private (0600),
    which would hide results from other users, Dask workers and web servers.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(handle, 0o666 & ~current_umask())
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def save_run(spec: RunSpec, table: pd.DataFrame, out_dir: Path) -> tuple[Path, Path]:
    """Write the per-week outcomes (Parquet) and the provenance manifest (JSON)."""
    stem = f"{spec.scenario.name}_seed{spec.seed}_{timeline_hash(spec.timeline)[:8]}"
    table_path = out_dir / f"{stem}.parquet"
    manifest_path = out_dir / f"{stem}.manifest.json"
    info = manifest(spec.scenario.name, spec.scenario.source, spec.timeline, spec.seed,
                    spec.weeks)
    from wijksim.experiments.results_file import write_run_table  # it imports this module

    write_run_table(table_path, table, info)
    write_atomically(manifest_path,
                     lambda p: p.write_text(json.dumps(info, indent=2), encoding="utf-8"))
    return table_path, manifest_path
