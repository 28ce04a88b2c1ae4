"""``wijksim results consolidate DIR``: a sweep's run files as one dataset and a runs table."""

from __future__ import annotations

import argparse
from pathlib import Path

from wijksim.analysis.summary import summarise_run
from wijksim.experiments.consolidate import consolidate


def register(subparsers) -> dict:
    """Add the ``results`` sub-command; return its handler by name."""
    parser = subparsers.add_parser("results", help="work with a sweep's results folder")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    merge = actions.add_parser(
        "consolidate", help="write DIR/dataset (one hive-partitioned Parquet dataset with "
        "plain column names) and DIR/runs_table.parquet (one row per run: changed "
        "parameters and summary outcomes)")
    merge.add_argument("results", type=Path, metavar="DIR",
                       help="a sweep's results folder (with runs/)")
    return {"results": command_results}


def command_results(args: argparse.Namespace) -> int:
    """Consolidate the folder and say what was written."""
    dataset, table = consolidate(args.results, summarise_run)
    print(f"wrote {dataset} (query with duckdb: SELECT * FROM read_parquet('{dataset}/*/*.parquet',"
          f" hive_partitioning=true)) and {table}")
    return 0
