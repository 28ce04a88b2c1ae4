"""One dataset from a sweep's run files: ``wijksim results consolidate DIR``.

A sweep writes one Parquet file per run (``runs/<key>.parquet``): safe to write and resume, but
a thousand small files with dotted column names are awkward in pandas, polars or duckdb. This
writes, inside the results folder::

    DIR/dataset/scenario=<name>/part-<key>.parquet   every run's weekly rows, hive-partitioned
                                                     by scenario; plain column names
                                                     (generalists.caseload -> generalists__caseload)
    DIR/runs_table.parquet                           one row per run: key, scenario, seed,
                                                     point_id, code_version, dated_changes,
                                                     every parameter that differs from the code
                                                     defaults at week 0 in any run, and the run's
                                                     summary outcomes (flows per resident per
                                                     year)

duckdb: ``SELECT * FROM read_parquet('DIR/dataset/*/*.parquet', hive_partitioning=true)``.
The run files stay as they are; running it again replaces both outputs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from wijksim.experiments import store
from wijksim.experiments.results_file import read_metadata, write_run_table
from wijksim.sim.params import Params

DATASET = "dataset"
RUNS_TABLE = "runs_table.parquet"


def plain_name(column: str) -> str:
    """A column name without dots (query engines read dots as table.column)."""
    return column.replace(".", "__")


def start_parameters(metadata: dict[str, Any]) -> dict[str, Any]:
    """Every parameter at week 0 as ``section__name`` -> value ({} without provenance)."""
    stages = metadata.get("provenance", {}).get("parameters") or []
    if not stages:
        return {}
    return {f"{section}__{name}": value for section, values in stages[0]["parameters"].items()
            for name, value in values.items()}


def changed_columns(runs: list[dict[str, Any]]) -> list[str]:
    """Parameters that differ from the code defaults at week 0 in at least one run."""
    defaults = {f"{section}__{name}": value
                for section, values in Params().model_dump(mode="json").items()
                for name, value in values.items()}
    return [name for name in defaults if any(name in run and run[name] != defaults[name]
                                             for run in runs)]


def run_files(out_dir: Path) -> list[Path]:
    """The finished run files of the current design (all of them without a design file)."""
    keys = store.done_keys(out_dir)
    if (Path(out_dir) / store.DESIGN).exists():
        keys &= set(store.load_design(out_dir)["key"])
    return [store.result_path(out_dir, key) for key in sorted(keys)]


def consolidate(out_dir: Path,
                summarise: Callable[[pd.DataFrame], pd.Series]) -> tuple[Path, Path]:
    """Write the dataset and the runs table of a results folder; return both paths.

    Args:
        out_dir: A sweep's results folder.
        summarise: One value per outcome for one run's weekly table (the analysis layer's
            ``summarise_run``, passed in so that this module does not import it).

    Raises:
        FileNotFoundError: If the folder holds no finished run.
        store.StoreBusy: If a sweep is writing into the folder now.
    """
    out_dir = Path(out_dir)
    files = run_files(out_dir)
    if not files:
        raise FileNotFoundError(f"no finished runs in {out_dir / store.RUNS}")
    with store.locked(out_dir):
        building = out_dir / f".{DATASET}.building"
        shutil.rmtree(building, ignore_errors=True)
        added = [_add_run(path, building, summarise) for path in files]
        columns = changed_columns([parameters for _, parameters, _ in added])
        rows = [{**ids, **{name: parameters.get(name) for name in columns}, **outcomes}
                for ids, parameters, outcomes in added]
        final = out_dir / DATASET
        shutil.rmtree(final, ignore_errors=True)
        building.rename(final)
        runs = pd.DataFrame(rows)
        table_path = out_dir / RUNS_TABLE
        write_run_table(table_path, runs, {"consolidated_from": str(out_dir / store.RUNS),
                                           "runs": len(rows)})
    return final, table_path


def _add_run(path: Path, dataset: Path, summarise) -> tuple[dict, dict, dict]:
    """Copy one run into the dataset (plain names); return its ids, parameters and outcomes."""
    metadata = read_metadata(path)
    table = pd.read_parquet(path)
    scenario = str(table["scenario"].iloc[0])
    plain = table.drop(columns="scenario").rename(columns=plain_name)
    part = dataset / f"scenario={scenario}" / f"part-{path.stem}.parquet"
    write_run_table(part, plain, metadata.get("provenance", {}))
    provenance = metadata.get("provenance", {})
    ids = {"key": path.stem, "scenario": scenario, "seed": int(table["seed"].iloc[0]),
           "point_id": int(table["point_id"].iloc[0]) if "point_id" in table else 0,
           "code_version": provenance.get("code_version", "not recorded"),
           "dated_changes": max(len(provenance.get("parameters") or [1]) - 1, 0)}
    return ids, start_parameters(metadata), summarise(table).to_dict()
