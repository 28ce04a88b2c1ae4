"""Robustness beside the app's A/B comparison: "holds in 78% of plausible worlds".

When A and B are shipped scenario files as they are (no lever moved) and a robustness run
compared B with A, the app shows for each of that run's outcomes the share of plausible worlds
in which B beats A. The runs are found in ``docs/robustness`` (committed) and
``results/sweeps/*/robustness`` (made on this machine with ``wijksim robustness``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijksim.analysis.language import number, outcome_label
from wijksim.app.texts import TEXTS
from wijksim.sim.outcomes import OUTCOME_BY_NAME

PROJECT = Path(__file__).resolve().parents[1]
FOLDERS = ("docs/robustness", "docs/robustness/*", "results/sweeps/*/robustness")


def robustness_tables(root: Path = PROJECT) -> list[tuple[str, pd.DataFrame]]:
    """Every robustness table found: (the run's name, its table)."""
    found = []
    for pattern in FOLDERS:
        for folder in sorted(root.glob(pattern)):
            table_path = folder / "tables" / "robustness.csv"
            if not table_path.is_file():
                continue
            try:
                table = pd.read_csv(table_path)
            except (OSError, ValueError):
                continue
            if "reference" not in table:
                table["reference"] = "baseline"  # tables written before the column existed
            found.append((_name(folder), table))
    return found


def _name(folder: Path) -> str:
    report = folder / "robustness.md"
    try:
        first = report.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return folder.parent.name
    return first.removeprefix("# Robustness: ").strip()[:60]


def robustness_notes(a_name: str, b_name: str, root: Path = PROJECT,
                     lang: str = "en") -> list[str]:
    """Sentences for B against A from every robustness run that compared them."""
    notes = []
    for run, table in robustness_tables(root):
        rows = table[(table["reference"] == a_name) & (table["scenario"] == b_name)]
        for row in rows.itertuples():
            outcome = (outcome_label(row.outcome, lang) if row.outcome in OUTCOME_BY_NAME
                       else row.outcome)
            notes.append(TEXTS("robustness_note", lang, better=b_name, reference=a_name,
                               outcome=outcome,
                               share=number(row.share_worlds_better, lang, ".0%"),
                               low=number(row.low, lang, ".0%"),
                               high=number(row.high, lang, ".0%"), worlds=int(row.worlds),
                               run=run))
    return notes
