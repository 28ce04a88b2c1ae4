"""Neighbourhood tables: a municipality described one neighbourhood (wijk) per row.

The table a user fills, read and checked (issue 10). :meth:`Neighbourhood.changes` gives the
population settings one neighbourhood of a table stands for; ``experiments.municipality``
runs them all as one municipality.

Columns are named as in CBS StatLine's "Kerncijfers wijken en buurten", so that rows copied
from a CBS download fit: a CBS header carries a number (``AantalInwoners_5``), which is
ignored, and columns the table does not use (``Mannen_6`` ...) are allowed. CBS's own units
are kept: counts of residents and households, a percentage for low income. Which names are
confirmed is said per column (:data:`COLUMNS`, ``source``); the others are wijksim's choice
until checked against a current CBS table.

Format: comma- or semicolon-separated (CBS downloads use semicolons and decimal commas), one
header row, lines starting with ``#`` are comments. Every problem is reported with the file
and line (and the column), all at once, as :class:`~wijksim.experiments.yaml_files.YamlProblems`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from wijksim.experiments.yaml_files import Problem, ProblemReport, YamlProblems

CBS_TABLE = ("CBS StatLine 84286NED, Kerncijfers wijken en buurten 2018 (column names as listed "
             "in dataverbinders/dso kerncijfers_wijken_en_buurten.sql)")
UNCONFIRMED = "wijksim's name (not checked against a current CBS table)"
AGE_BANDS = ("k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar",
             "k_65JaarOfOuder")
# CBS rounds counts in these tables; age bands may miss the total by this share
ROUNDING = 0.05


@dataclass(frozen=True)
class Column:
    """One column of a neighbourhood table."""

    name: str
    kind: str          # "code", "text", "count", "percent" or "density"
    meaning: str
    source: str


COLUMNS: tuple[Column, ...] = (
    Column("Codering", "code", "neighbourhood code, e.g. WK036301", CBS_TABLE),
    Column("Wijknaam", "text", "neighbourhood name", UNCONFIRMED),
    Column("AantalInwoners", "count", "residents", CBS_TABLE),
    Column("HuishoudensTotaal", "count", "private households", CBS_TABLE),
    *(Column(band, "count", f"residents aged {band[2:].replace('Tot', '-').replace('Jaar', '')}"
             .replace("65OfOuder", "65 or older"), CBS_TABLE) for band in AGE_BANDS),
    Column("Eenpersoonshuishoudens", "count", "single-person households", CBS_TABLE),
    Column("HuishoudensZonderKinderen", "count", "households without children", CBS_TABLE),
    Column("Eenouderhuishoudens", "count", "single-parent households", UNCONFIRMED),
    Column("HuishoudensMetEenLaagInkomen", "percent", "households on a low income (%)",
           UNCONFIRMED),
    Column("Omgevingsadressendichtheid", "density", "addresses per km2 around an address",
           UNCONFIRMED),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
_CBS_NUMBER = re.compile(r"_\d+$")


@dataclass(frozen=True)
class Neighbourhood:
    """One row of a neighbourhood table, checked; shares derived from CBS's counts."""

    code: str
    name: str
    residents: int
    households: int
    age_shares: tuple[float, ...]      # by AGE_BANDS, of the residents
    share_single_person: float         # of households
    share_without_children: float      # of households (single-person households included)
    share_single_parent: float         # of households
    share_low_income: float            # of households
    address_density: float             # addresses per km2
    line: int                          # where it is in its file

    def changes(self) -> dict[str, float | int]:
        """The population settings this neighbourhood stands for (dotted parameter paths).

        CBS counts single-person households among households without children; wijksim's
        couples without children are the difference. Age shares and address density have no
        setting yet (the model's age structure is fixed).
        """
        return {"population.n_residents": self.residents,
                "population.share_single_person": round(self.share_single_person, 4),
                "population.share_couple_no_children": round(
                    max(self.share_without_children - self.share_single_person, 0.0), 4),
                "population.share_single_parent": round(self.share_single_parent, 4),
                "population.share_low_income": round(self.share_low_income, 4)}


def read_neighbourhood_table(path: Path | str) -> tuple[Neighbourhood, ...]:
    """Every neighbourhood of a table file, checked.

    Raises:
        YamlProblems: every problem of the file, each with ``file:line`` and the column.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise YamlProblems([Problem(str(path), 1, f"not UTF-8 text (byte {error.start}): save "
                                    "the table as CSV in UTF-8")]) from None
    return parse_neighbourhood_table(text, str(path))


def parse_neighbourhood_table(text: str, source: str) -> tuple[Neighbourhood, ...]:
    """Every neighbourhood of a table given as text; ``source`` names it in messages."""
    report = ProblemReport(source)
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        report.add(1, "no header row and no neighbourhoods")
        report.raise_if_any()
    delimiter = ";" if lines[0][1].count(";") > lines[0][1].count(",") else ","
    rows = list(csv.reader(io.StringIO("\n".join(line for _, line in lines)),
                           delimiter=delimiter))
    header_line = lines[0][0]
    columns = _columns(rows[0], header_line, report)
    neighbourhoods, codes = [], {}
    for (line, _), row in zip(lines[1:], rows[1:], strict=True):
        found = _row(row, columns, line, delimiter == ";", report)
        if found is None:
            continue
        if found.code in codes:
            report.add(line, f"Codering {found.code}: the same code as line {codes[found.code]}")
        codes.setdefault(found.code, line)
        neighbourhoods.append(found)
    if len(rows) == 1:
        report.add(header_line, "a header but no neighbourhoods")
    report.raise_if_any()
    return tuple(neighbourhoods)


def _columns(header: list[str], line: int, report: ProblemReport) -> dict[str, int]:
    """Where each known column is; a missing one is reported with the nearest header."""
    where = {}
    stems = [_CBS_NUMBER.sub("", name.strip()) for name in header]
    for index, stem in enumerate(stems):
        if stem in COLUMN_NAMES:
            if stem in where:
                report.add(line, f"column {stem} appears twice")
            where.setdefault(stem, index)
    for column in COLUMNS:
        if column.name not in where:
            unused = [s for s in stems if s not in COLUMN_NAMES]
            close = difflib.get_close_matches(column.name, unused, n=1, cutoff=0.6)
            hint = f"; is {close[0]!r} meant?" if close else ""
            report.add(line, f"column {column.name} ({column.meaning}) is missing{hint}")
    return where


def _row(row: list[str], columns: dict[str, int], line: int, decimal_comma: bool,
         report: ProblemReport) -> Neighbourhood | None:
    """One checked neighbourhood, or None if the row has a problem (reported)."""
    if len(columns) < len(COLUMNS):
        return None  # the header's problem is reported once
    before = len(report.items)
    values = {}
    for column in COLUMNS:
        index = columns[column.name]
        cell = row[index].strip() if index < len(row) else ""
        values[column.name] = _value(column, cell, line, decimal_comma, report)
    if len(report.items) > before:
        return None
    return _checked(values, line, report)


def _value(column: Column, cell: str, line: int, decimal_comma: bool, report: ProblemReport):
    where = f"{column.name} ({column.meaning})"
    if cell in ("", "."):  # CBS writes "." for a value it does not publish
        report.add(line, f"{where}: no value")
        return None
    if column.kind in ("code", "text"):
        return cell
    text = cell.replace(".", "").replace(",", ".") if decimal_comma else cell
    try:
        number = float(text)
    except ValueError:
        report.add(line, f"{where}: {cell!r} is not a number")
        return None
    if number < 0:
        report.add(line, f"{where}: {cell} is negative")
    elif column.kind == "count" and number != int(number):
        report.add(line, f"{where}: {cell} is not a whole number")
    elif column.kind == "percent" and number > 100:
        report.add(line, f"{where}: {cell} is above 100%")
    return number


def _checked(values: dict, line: int, report: ProblemReport) -> Neighbourhood | None:
    """The row's parts against its totals; shares derived."""
    before = len(report.items)
    residents, households = int(values["AantalInwoners"]), int(values["HuishoudensTotaal"])
    if residents == 0 or households == 0:
        report.add(line, "AantalInwoners and HuishoudensTotaal must be above 0 (a neighbourhood "
                         "without residents cannot be simulated)")
        return None
    ages = sum(values[band] for band in AGE_BANDS)
    if abs(ages - residents) > ROUNDING * residents:
        report.add(line, f"the age bands add up to {ages:g}, not to AantalInwoners "
                         f"({residents}; CBS rounding allows {ROUNDING:.0%})")
    parts = {name: values[name] for name in ("Eenpersoonshuishoudens",
                                             "HuishoudensZonderKinderen",
                                             "Eenouderhuishoudens")}
    for name, count in parts.items():
        if count > households:
            report.add(line, f"{name} ({count:g}) is more than HuishoudensTotaal "
                             f"({households}): a share above 1")
    if parts["HuishoudensZonderKinderen"] + parts["Eenouderhuishoudens"] > households:
        report.add(line, "HuishoudensZonderKinderen + Eenouderhuishoudens is more than "
                         f"HuishoudensTotaal ({households})")
    if len(report.items) > before:
        return None
    return Neighbourhood(
        code=values["Codering"], name=values["Wijknaam"], residents=residents,
        households=households,
        age_shares=tuple(values[band] / max(ages, 1.0) for band in AGE_BANDS),
        share_single_person=parts["Eenpersoonshuishoudens"] / households,
        share_without_children=parts["HuishoudensZonderKinderen"] / households,
        share_single_parent=parts["Eenouderhuishoudens"] / households,
        share_low_income=values["HuishoudensMetEenLaagInkomen"] / 100.0,
        address_density=values["Omgevingsadressendichtheid"], line=line)
