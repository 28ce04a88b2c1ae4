"""The results file format: one run's per-week table as Parquet, carrying its own metadata.

Every run table written by wijksim (``wijksim run --out``, sweeps, the workshop) goes through
:func:`write_run_table`. Besides pandas' own metadata, the Parquet schema holds one JSON entry
under the key ``wijksim``:

* ``provenance``: code version (model source hash and package versions), git commit, scenario,
  scenario hash, seed, weeks and the full parameters over time;
* ``outcomes``: for every outcome column its label, unit, aggregation and group;
* ``rows``: what a row is. Values are weekly totals (flows) or levels for the whole
  neighbourhood; ``analysis.summary.per_resident_per_year`` turns flows into amounts per
  resident per year. Week 0 is the start state (the last warm-up week) and is marked by the
  column ``start_state``; summaries leave it out.

Read it back with :func:`read_metadata` (or ``pyarrow.parquet.read_schema(path).metadata``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from wijksim.analysis.results import METADATA_KEY
from wijksim.experiments.runner import write_atomically
from wijksim.sim.outcomes import OUTCOMES

FORMAT_VERSION = 1
START_COLUMN = "start_state"
ROWS = ("one row per week; flows are weekly totals and levels are weekly values for the whole "
        "neighbourhood; week 0 (start_state true) is the start state after the warm-up and is "
        "left out of summaries")


def outcome_metadata() -> dict[str, dict[str, str]]:
    """Label, unit, aggregation and group of every declared outcome, by column name."""
    return {o.name: {"label": o.label, "unit": o.unit, "aggregation": o.aggregation,
                     "group": o.group} for o in OUTCOMES}


def with_start_marked(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a ``start_state`` column: true in week 0 only."""
    if START_COLUMN in table.columns or "week" not in table.columns:
        return table
    marked = table.copy()
    marked.insert(list(marked.columns).index("week") + 1, START_COLUMN, marked["week"] == 0)
    return marked


def write_run_table(path: Path, table: pd.DataFrame, provenance: dict[str, Any]) -> None:
    """Write a run's per-week table atomically as Parquet with the ``wijksim`` metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(with_start_marked(table), preserve_index=False)
    entry = {"format_version": FORMAT_VERSION, "rows": ROWS, "provenance": provenance,
             "outcomes": outcome_metadata()}
    metadata = dict(arrow.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(entry, default=str).encode("utf-8")
    arrow = arrow.replace_schema_metadata(metadata)
    write_atomically(Path(path), lambda p: pq.write_table(arrow, p))


def read_metadata(path: Path) -> dict[str, Any]:
    """The ``wijksim`` metadata of a results file ({} for files written before it existed)."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(path).metadata or {}
    raw = metadata.get(METADATA_KEY)
    return json.loads(raw) if raw else {}
