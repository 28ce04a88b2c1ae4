"""The results folder of a sweep: its layout (the one definition of the format) and its reader.

A results folder, written by ``experiments.store`` and read here::

    DIR/manifest.json          the experiment, its design and seeds, versions and commit
    DIR/design.parquet         one row per planned run: key, scenario, seed, point_id, parameters
    DIR/runs/<key>.parquet     the per-week outcomes of one finished run (``scenario``, ``seed``,
                               ``week``, ``start_state``, every declared outcome and, for a
                               design, ``point_id`` and one column per varied parameter); its
                               Parquet metadata under ``METADATA_KEY`` holds its provenance and
                               the outcomes' labels and units
    DIR/runs/<key>.error.json  a run that raised: its traceback and config

The writer (``experiments.store``, ``experiments.results_file``) takes these names from here,
so that reader and writer cannot disagree. Failed and missing runs are counted and listed,
never dropped silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from wijksim.analysis.municipal import MUNICIPALITY, NEIGHBOURHOOD
from wijksim.analysis.summary import summarise_run
from wijksim.sim.outcomes import OUTCOME_BY_NAME, OUTCOMES

RUNS = "runs"
MANIFEST = "manifest.json"
DESIGN = "design.parquet"
RESULT_SUFFIX = ".parquet"
ERROR_SUFFIX = ".error.json"
METADATA_KEY = b"wijksim"  # the Parquet schema metadata entry of a run file
RUN_COLUMNS = ["key", "scenario", "seed", "point_id"]
TIME_SERIES = ["cost_total", "wellbeing_mean", "unmet_need_hours", "informal_hours",
               "share_carers_overloaded", "waiting"]
_OUTCOME_NAMES = {outcome.name for outcome in OUTCOMES}
_NON_PARAMETERS = {"scenario", "seed", "week", "point_id", "key", "start_state",
                   "code_version", *_OUTCOME_NAMES}


class NoRunsError(ValueError):
    """The results directory holds no finished run to report on."""


@dataclass
class Results:
    """Everything read from a results directory.

    Attributes:
        summary: One row per finished run: key, scenario, seed, point_id, the varied
            parameters and every outcome summarised as in ``analysis.summary.summarise_run``.
        series: Weekly values of the ``TIME_SERIES`` outcomes per run (flows per resident).
        parameters: Names of the varied parameters (dotted), in table order.
        failures: One row per failed run: key and the error's first line.
        missing: Keys planned in ``design.parquet`` with neither a result nor an error.
        manifest: The experiment manifest (empty if there is none).
        stale: Result or error files of keys not in ``design.parquet`` (an earlier design in
            the same directory); they are left out.
        code_versions: Code version (model source hash and packages) -> number of runs, read
            from each run file's metadata ("not recorded" for files written before it was).
        neighbourhoods: For a sweep of municipalities, one row per run and neighbourhood
            (key, scenario, seed, point_id, neighbourhood, residents, the outcomes); empty
            otherwise. ``summary`` and ``series`` then hold the municipality's figures.
    """

    summary: pd.DataFrame
    series: pd.DataFrame
    parameters: list[str]
    failures: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    stale: int = 0
    code_versions: dict = field(default_factory=dict)
    neighbourhoods: pd.DataFrame = field(default_factory=pd.DataFrame)


# --------------------------------------------------------------------------- reading


def load_results(results_dir: Path | str) -> Results:
    """Read a results directory: summarise each run file as it is read (memory stays small).

    Args:
        results_dir: Directory with ``runs/``, and optionally ``design.parquet`` and
            ``manifest.json``.

    Returns:
        The run summaries, weekly series, failures and manifest.

    Raises:
        NoRunsError: If there is no finished run (failures alone are not enough).
    """
    results_dir = Path(results_dir)
    runs_dir = results_dir / RUNS
    design = _read_design(results_dir / DESIGN)
    paths = sorted(p for p in runs_dir.glob(f"*{RESULT_SUFFIX}") if not p.name.startswith("."))
    failures = _read_failures(runs_dir, {p.stem for p in paths})
    stale = 0
    if design is not None:
        planned = set(design["key"])
        stale = sum(p.stem not in planned for p in paths) + int((~failures["key"].isin(
            planned)).sum())
        paths = [p for p in paths if p.stem in planned]
        failures = failures[failures["key"].isin(planned)]
    runs, unreadable = _read_runs(paths)
    failures = pd.concat([failures, unreadable], ignore_index=True)
    if not runs:
        raise NoRunsError(f"no finished runs in {runs_dir} ({len(failures)} failed)")
    rows, series, places = zip(*runs, strict=True)
    summary = pd.DataFrame(list(rows)).reset_index(drop=True).infer_objects()
    series = pd.concat(series, ignore_index=True)
    neighbourhoods = pd.concat(places, ignore_index=True)
    if design is not None and design["key"].duplicated().any():
        summary, series = _expand_shared(summary, design), _expand_shared(series, design)
    code_versions = summary["code_version"].value_counts().to_dict()
    summary = summary.drop(columns="code_version")
    parameters = [c for c in summary.columns if c not in _NON_PARAMETERS]
    summary = summary[[*RUN_COLUMNS, *parameters, *(o.name for o in OUTCOMES)]]
    done = set(summary["key"]) | set(failures["key"])
    missing = [] if design is None else sorted(set(design["key"]) - done)
    return Results(summary, series, parameters, failures, missing,
                   _read_manifest(results_dir / MANIFEST), stale, code_versions, neighbourhoods)


def _read_design(path: Path) -> pd.DataFrame | None:
    return pd.read_parquet(path) if path.exists() else None


def _expand_shared(table: pd.DataFrame, design: pd.DataFrame) -> pd.DataFrame:
    """Give each design row that shares a result file its own copy of the rows.

    Design rows with identical inputs (e.g. integer parameters rounded to the same value)
    share one result file; each gets its own scenario, point and parameter values.
    """
    own = [c for c in design.columns if c in table.columns and c != "key"]
    return table.drop(columns=own).merge(design[["key", *own]], on="key")


def _read_runs(paths: list[Path]) -> tuple[list, pd.DataFrame]:
    """Read each run file; a file that cannot be read counts as a failed run."""
    runs, unreadable = [], []
    for path in paths:
        try:
            runs.append(_read_run(path))
        except (OSError, ValueError, KeyError, IndexError) as error:
            unreadable.append({"key": path.stem, "error": f"unreadable result file: {error}"})
    return runs, pd.DataFrame(unreadable, columns=["key", "error"])


def _read_run(path: Path) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    arrow = pq.read_table(path)
    table = arrow.to_pandas()
    places = pd.DataFrame()
    if NEIGHBOURHOOD in table.columns:  # a municipality's run: its neighbourhoods apart
        places = _neighbourhood_rows(table, path.stem)
        table = table[table[NEIGHBOURHOOD] == MUNICIPALITY].drop(columns=NEIGHBOURHOOD)
        table = table.reset_index(drop=True)
    metadata = json.loads((arrow.schema.metadata or {}).get(METADATA_KEY, b"{}"))
    if "point_id" not in table.columns:
        table["point_id"] = 0
    first = table.iloc[0]
    ids = {"key": path.stem, "scenario": first["scenario"], "seed": int(first["seed"]),
           "point_id": int(first["point_id"]),
           "code_version": metadata.get("provenance", {}).get("code_version", "not recorded")}
    parameters = {c: first[c] for c in table.columns  # varied parameters have dotted names
                  if c not in _NON_PARAMETERS and "." in c}
    row = pd.concat([pd.Series(ids | parameters, dtype=object), summarise_run(table)])
    weeks = table[table["week"] >= 1]
    series = weeks[["scenario", "seed", "point_id", "week"]].assign(key=path.stem)
    for name in TIME_SERIES:
        per_resident = OUTCOME_BY_NAME[name].aggregation == "sum"
        series[name] = weeks[name] / weeks["residents"] if per_resident else weeks[name]
    return row, series, places


def _neighbourhood_rows(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """One summary row per neighbourhood of a municipality's run."""
    rows = []
    for code, run in table[table[NEIGHBOURHOOD] != MUNICIPALITY].groupby(NEIGHBOURHOOD,
                                                                          sort=False):
        first = run.iloc[0]
        rows.append({"key": key, "scenario": first["scenario"], "seed": int(first["seed"]),
                     "point_id": int(first.get("point_id", 0)), NEIGHBOURHOOD: code,
                     "residents": int(run["residents"].iloc[-1]),
                     **summarise_run(run.drop(columns=NEIGHBOURHOOD)).drop(
                         labels=["residents"], errors="ignore").to_dict()})
    return pd.DataFrame(rows)


def _read_failures(runs_dir: Path, finished: set[str]) -> pd.DataFrame:
    rows = []
    for path in sorted(runs_dir.glob(f"*{ERROR_SUFFIX}")):
        key = path.name.removesuffix(ERROR_SUFFIX)
        if key not in finished:  # a run that failed once and later succeeded counts as done
            rows.append({"key": key, "error": _error_text(path)})
    return pd.DataFrame(rows, columns=["key", "error"])


def _error_text(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"unreadable error file: {error}"
    if isinstance(info, dict):
        for name in ("error", "message", "exception", "traceback"):
            if info.get(name):
                info = info[name]
                break
    text = str(info).strip().splitlines()
    return text[-1][:300] if text else "(no message)"


def _read_manifest(path: Path) -> dict:
    """The sweep's manifest ({} if there is none); a damaged one is a ValueError naming it."""
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not readable as JSON ({error})") from None
    if not isinstance(manifest, dict):
        raise ValueError(f"{path}: expected a JSON object (a sweep's manifest), found "
                         f"{type(manifest).__name__}")
    return manifest


