"""Refresh the golden baseline on purpose: ``python tests/update_golden.py --note "why"``.

Runs every shipped scenario at the golden size, lists the outcomes that moved against the
committed file, writes the new file and appends the note with the moved outcomes to
``tests/golden/CHANGES.md``. Without ``--note`` it only prints what moved (a dry run).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import golden_baseline as golden  # noqa: E402


def main() -> int:
    """Compute, compare, and (with a note) write the golden summaries and the change log."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--note", help="why the results moved (required to write)")
    args = parser.parse_args()
    new = golden.compute()
    old = golden.load() if golden.GOLDEN_FILE.exists() else {"scenarios": {}}
    moved = golden.moved_outcomes(old, new, exact=True)
    print("\n".join(moved) if moved else "nothing moved")
    if not args.note:
        print("dry run: give --note to write the golden file", file=sys.stderr)
        return 0
    golden.save(new)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    entry = [f"## {stamp}", "", args.note.strip(), ""]
    if moved:
        entry += [f"{len(moved)} outcome values moved:", "", "```", *moved, "```", ""]
    else:
        entry += ["No outcome moved.", ""]
    with golden.CHANGES_FILE.open("a", encoding="utf-8") as log:
        log.write("\n".join(entry) + "\n")
    print(f"wrote {golden.GOLDEN_FILE} and appended to {golden.CHANGES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
