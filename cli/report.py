"""``wijksim report RESULTS_DIR``: the comparison report of a sweep (Markdown, HTML, PNG)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from wijksim.analysis.language import LANGUAGES
from wijksim.analysis.report import Places, build_report
from wijksim.analysis.results import NoRunsError
from wijksim.analysis.tables import headline_table
from wijksim.experiments.neighbourhood_shapes import read_shapes
from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
from wijksim.experiments.yaml_files import YamlProblems


def municipal_places(results_dir: Path) -> Places | None:
    """For a sweep of municipalities: its neighbourhoods' names and outlines, if still there.

    Read from the files the experiment named (its manifest); a file gone or no longer valid
    leaves the report with codes and schematic tiles, and says so.
    """
    try:
        manifest = json.loads((results_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):  # a damaged manifest: build_report says what is wrong
        return None
    table_file, shapes_file = manifest.get("municipality"), manifest.get("geojson")
    if not table_file:
        return None
    try:
        table = read_neighbourhood_table(table_file)
        codes = [n.code for n in table]
        rings = read_shapes(shapes_file, codes).rings if shapes_file else {}
    except (OSError, YamlProblems) as error:
        print(f"wijksim report: {error}; the neighbourhoods are drawn as tiles",
              file=sys.stderr)
        return None
    return Places({n.code: n.name for n in table}, rings)


def register(subparsers) -> dict:
    """Add the ``report`` sub-command; return its handler by name."""
    parser = subparsers.add_parser(
        "report", help="write a comparison report (Markdown, HTML, figures) of a sweep")
    parser.add_argument("results", type=Path, metavar="RESULTS_DIR",
                        help="a sweep's results directory (with runs/ and manifest.json)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where to write the report (default RESULTS_DIR/report)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the report: en (English, the default) or nl "
                             "(Dutch); the CSV tables are the same in both")
    return {"report": command_report}


def command_report(args: argparse.Namespace) -> int:
    """Build the report (in ``--lang``), print where it is and a short headline table.

    The printed table is in English whatever the report's language.

    Raises:
        NoRunsError: If the directory does not exist or holds no finished run (the
            ``wijksim`` entry point reports it with exit status 2).
    """
    if not args.results.is_dir():
        raise NoRunsError(f"{args.results} is not a directory")
    report = build_report(args.results, args.out, lang=args.lang,
                          places=municipal_places(args.results))
    tables = report.parent / "tables"
    table = headline_table(pd.read_csv(tables / "scenarios.csv"))
    failed = len(pd.read_csv(tables / "failures.csv")) if (tables / "failures.csv").exists() \
        else 0
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    print(f"\n{failed} failed runs" + (" (listed in the report)" if failed else ""))
    print(f"wrote {report} and {report.with_suffix('.html')}")
    return 0
