"""A sweep's results directory, written: one file per run, named by its key, plus the design.

The layout (names defined once, in ``analysis.results``, which reads it)::

    DIR/manifest.json          experiment name, file hash, design, seeds, versions, git commit
    DIR/design.parquet         one row per run config: key, scenario, seed, point_id, parameters
    DIR/runs/<key>.parquet     the per-week table of one finished run
    DIR/runs/<key>.error.json  a run that raised: its traceback and config

Every file is written through a temporary name and renamed into place (``.<name>.*.tmp``
files are never read as results), so a sweep killed at any moment leaves only whole files. A key
is done when its ``.parquet`` exists; it failed when only its ``.error.json`` exists.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from wijksim.analysis.municipal import MUNICIPALITY, NEIGHBOURHOOD
from wijksim.analysis.results import (  # the one definition of the folder's layout
    DESIGN,
    ERROR_SUFFIX,
    MANIFEST,
    RESULT_SUFFIX,
    RUNS,
)
from wijksim.experiments.design import Experiment, RunConfig
from wijksim.experiments.provenance import (
    code_version,
    git_commit,
    git_commit_of_process,
    package_versions,
    timeline_hash,
    timeline_parameters,
)
from wijksim.experiments.results_file import write_run_table
from wijksim.experiments.runner import write_atomically
from wijksim.sim.params import Timeline

LOCK = ".sweep.lock"
_KEY = re.compile(r"[0-9a-f]{64}")
STALE_TEMPORARY_SECONDS = 3600


def result_path(out_dir: Path, key: str) -> Path:
    """Where the per-week table of run ``key`` is written."""
    return Path(out_dir) / RUNS / f"{key}{RESULT_SUFFIX}"


def error_path(out_dir: Path, key: str) -> Path:
    """Where the error record of a failed run ``key`` is written."""
    return Path(out_dir) / RUNS / f"{key}{ERROR_SUFFIX}"


def _keys(out_dir: Path, suffix: str) -> set[str]:
    folder = Path(out_dir) / RUNS
    if not folder.is_dir():
        return set()
    stems = (path.name.removesuffix(suffix) for path in folder.glob(f"*{suffix}"))
    return {stem for stem in stems if _KEY.fullmatch(stem)}


def done_keys(out_dir: Path) -> set[str]:
    """Keys of the runs whose results are on disk."""
    return _keys(out_dir, RESULT_SUFFIX)


def failed_keys(out_dir: Path) -> set[str]:
    """Keys of the runs that raised and have no result (a later retry may have succeeded)."""
    return _keys(out_dir, ERROR_SUFFIX) - done_keys(out_dir)


def run_table(config: RunConfig, table: pd.DataFrame, seconds: float) -> pd.DataFrame:
    """A run's per-week table with the columns that identify it in the sweep.

    Adds ``key``, ``point_id``, one column per varied parameter (named by its dotted path) and
    ``run_seconds`` (time spent in the model) beside the scenario and seed columns.
    """
    table = table.copy()
    table.insert(0, "key", config.key)
    table.insert(3, "point_id", config.point_id)
    for offset, (path, value) in enumerate(config.point.items()):
        table.insert(4 + offset, path, value)
    table["run_seconds"] = seconds
    return table


def run_provenance(config: RunConfig, timeline: Timeline) -> dict[str, Any]:
    """What a sweep's run file says of itself: its key and config, code and full parameters."""
    return {"key": config.key, "scenario": config.scenario_name,
            "scenario_file": config.scenario_path, "scenario_hash": timeline_hash(timeline),
            "seed": config.seed, "weeks": config.weeks, "overrides": config.overrides,
            "code_version": code_version(), "git_commit": git_commit_of_process(),
            "parameters": timeline_parameters(timeline)}


def write_result(out_dir: Path, config: RunConfig, table: pd.DataFrame,
                 provenance: dict[str, Any] | None = None) -> Path:
    """Write a finished run's table atomically and drop any error record of an earlier try.

    ``provenance`` (see :func:`run_provenance`) goes into the file's Parquet metadata.
    """
    path = result_path(out_dir, config.key)
    write_run_table(path, table, provenance or {"key": config.key,
                                                 "code_version": code_version()})
    error_path(out_dir, config.key).unlink(missing_ok=True)
    return path


def write_error(out_dir: Path, config: RunConfig, trace: str) -> Path:
    """Record a run that raised: its traceback text and config (JSON)."""
    record = {"key": config.key, "error": trace.strip().splitlines()[-1] if trace else "",
              "traceback": trace, "config": asdict(config),
              "failed": datetime.now(UTC).isoformat(timespec="seconds")}
    path = error_path(out_dir, config.key)
    write_atomically(path, lambda p: p.write_text(json.dumps(record, indent=2, default=str),
                                                  encoding="utf-8"))
    return path


def read_error(out_dir: Path, key: str) -> dict[str, Any]:
    """The error record of a failed run."""
    return json.loads(error_path(out_dir, key).read_text(encoding="utf-8"))


class StoreBusy(OSError):
    """Another sweep holds the results folder."""


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the results folder for one sweep at a time (an advisory lock, freed on exit).

    Two sweeps on one folder would both run every pending run; the second is refused at once
    with the first one's process id. The lock dies with its process, so a killed sweep never
    leaves the folder locked.

    Raises:
        StoreBusy: If another sweep holds the folder.
    """
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    path = Path(out_dir) / LOCK
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise StoreBusy(f"another sweep (process {holder}) is running on {out_dir}; wait "
                            "for it to finish, or use another --out") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def remove_temporary(out_dir: Path, older_than: float = STALE_TEMPORARY_SECONDS) -> int:
    """Delete half-written ``.tmp`` files left by a killed sweep; returns how many."""
    folder = Path(out_dir) / RUNS
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than
    removed = 0
    for path in folder.glob(".*.tmp"):
        try:
            if path.stat().st_mtime <= cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # renamed into place or removed meanwhile
            continue
    return removed


def design_table(configs: list[RunConfig]) -> pd.DataFrame:
    """One row per run config: key, scenario, scenario file, seed, point_id, parameters."""
    rows = [{"key": c.key, "scenario": c.scenario_name, "scenario_file": c.scenario_path,
             "seed": c.seed, "point_id": c.point_id, "weeks": c.weeks, **c.point}
            for c in configs]
    columns = ["key", "scenario", "scenario_file", "seed", "point_id", "weeks"]
    return pd.DataFrame(rows, columns=columns + [k for k in (rows[0] if rows else {})
                                                 if k not in columns])


def write_design(out_dir: Path, configs: list[RunConfig]) -> Path:
    """Write ``design.parquet`` for the run configs."""
    path = Path(out_dir) / DESIGN
    table = design_table(configs)
    write_atomically(path, lambda p: table.to_parquet(p, index=False))
    return path


def write_manifest(out_dir: Path, experiment: Experiment | None,
                   configs: list[RunConfig]) -> Path:
    """Write ``manifest.json``: the experiment, its design and seeds, versions and commit.

    Raises:
        ValueError: If the directory already holds the results of a differently named
            experiment.
    """
    path = Path(out_dir) / MANIFEST
    info = experiment.describe() if experiment else {"name": None, "runs": len(configs),
                                                     "seeds": sorted({c.seed for c in configs})}
    if path.exists():
        previous = json.loads(path.read_text(encoding="utf-8"))
        if previous.get("name") != info["name"]:
            raise ValueError(f"{out_dir} holds the results of experiment "
                             f"{previous.get('name')!r}, not {info['name']!r}; choose another "
                             "--out")
        info["first_created"] = previous.get("first_created", previous.get("created"))
    info.update({"created": datetime.now(UTC).isoformat(timespec="seconds"),
                 "git_commit": git_commit(), "code_version": code_version(),
                 "versions": package_versions()})
    write_atomically(path, lambda p: p.write_text(json.dumps(info, indent=2, default=str),
                                                  encoding="utf-8"))
    return path


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The sweep's manifest."""
    return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))


def load_design(out_dir: Path) -> pd.DataFrame:
    """The design table: one row per run config."""
    return pd.read_parquet(Path(out_dir) / DESIGN)


def load_run_tables(out_dir: Path, columns: list[str] | None = None,
                    neighbourhoods: bool = False) -> pd.DataFrame:
    """Every finished run's per-week table, concatenated (read as one pyarrow dataset).

    (``analysis.results.load_results`` reads the same folder as one summary row per run.)

    Only runs of the current design are read when ``design.parquet`` exists. Two design rows
    with identical inputs (for example integer parameters rounded to the same point) share one
    result file; each design row then gets its own copy of the table, with its own scenario,
    point_id and parameter columns.

    Args:
        out_dir: The results directory.
        columns: Read only these columns (``key`` is always read).
        neighbourhoods: For a sweep of municipalities (``municipality:`` in the experiment):
            every neighbourhood's rows and the municipality's, with a ``neighbourhood``
            column. By default only the municipality's rows are read, without that column,
            so that a municipality's run reads like a neighbourhood's.
    """
    import pyarrow.dataset as ds

    keys = done_keys(out_dir)
    design = load_design(out_dir) if (Path(out_dir) / DESIGN).exists() else None
    if design is not None:
        keys &= set(design["key"])
    files = [str(result_path(out_dir, key)) for key in sorted(keys)]
    if not files:
        return pd.DataFrame()
    dataset = ds.dataset(files, format="parquet")
    municipal = NEIGHBOURHOOD in dataset.schema.names
    if columns is not None:
        columns = ["key", *[c for c in columns if c not in ("key", NEIGHBOURHOOD)]]
        columns += [NEIGHBOURHOOD] if municipal else []
    table = dataset.to_table(columns=columns).to_pandas()
    if municipal and not neighbourhoods:
        table = table[table[NEIGHBOURHOOD] == MUNICIPALITY].drop(columns=NEIGHBOURHOOD)
        table = table.reset_index(drop=True)
    if design is None or not design["key"].duplicated().any():
        return table
    return _expand_shared(table, design)


def _expand_shared(table: pd.DataFrame, design: pd.DataFrame) -> pd.DataFrame:
    """Give each design row that shares a result file its own copy of the table."""
    own = [c for c in design.columns if c in table.columns and c != "key"]
    return table.drop(columns=own).merge(design[["key", *own]], on="key")
