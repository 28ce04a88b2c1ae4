"""Neighbourhood tables (issue 10, step 1): the shipped examples load, CBS downloads fit, and
every bad row is a file:line error naming the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijksim.experiments.neighbourhood_table import (
    AGE_BANDS,
    COLUMN_NAMES,
    parse_neighbourhood_table,
    read_neighbourhood_table,
)
from wijksim.experiments.yaml_files import YamlProblems
from wijksim.sim import Params
from wijksim.sim.params import with_changes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "scenarios" / "municipalities"
HEADER = ",".join(COLUMN_NAMES)
GOOD = "WK000101,Centrum,1000,500,150,120,260,270,200,200,320,40,7.5,1800"


def problems(text: str) -> list[str]:
    with pytest.raises(YamlProblems) as caught:
        parse_neighbourhood_table(text, "town.csv")
    return caught.value.problems


@pytest.mark.parametrize(("name", "rows"), [("example_town", 8), ("example_city", 40)])
def test_the_shipped_examples_load_and_say_they_are_made_up(name, rows):
    path = EXAMPLES / f"{name}.csv"
    assert path.read_text().startswith("# MADE-UP EXAMPLE DATA")
    table = read_neighbourhood_table(path)
    assert len(table) == rows and len({n.code for n in table}) == rows
    for neighbourhood in table:  # every row is a valid neighbourhood to simulate
        params = with_changes(Params(), neighbourhood.changes())
        assert params.population.n_residents == neighbourhood.residents
        assert abs(sum(neighbourhood.age_shares) - 1.0) < 1e-9


def test_a_cbs_download_fits_numbered_headers_semicolons_and_decimal_commas():
    """CBS numbers its columns, separates with semicolons, writes decimal commas and has
    columns wijksim does not use: the same neighbourhood comes out."""
    plain = parse_neighbourhood_table(f"{HEADER}\n{GOOD}\n", "plain.csv")[0]
    numbered = ";".join(f"{name}_{i + 3}" for i, name in enumerate(COLUMN_NAMES))
    cbs = (f"Mannen_6;{numbered}\n"
           "480;" + GOOD.replace(",", ";").replace("7.5", "7,5").replace(";1800", ";1.800")
           + "\n")
    from_cbs = parse_neighbourhood_table(cbs, "cbs.csv")[0]
    assert from_cbs == plain
    assert plain.share_low_income == 0.075 and plain.share_single_parent == 40 / 500
    assert plain.address_density == 1800 and plain.line == 2
    assert plain.age_shares[AGE_BANDS.index("k_65JaarOfOuder")] == 0.2


def test_a_missing_column_is_named_with_the_nearest_header():
    header = HEADER.replace("AantalInwoners", "AantalInwoner")
    found = problems(f"# a comment\n{header}\n{GOOD}\n")
    assert found == ["town.csv:2: column AantalInwoners (residents) is missing; is "
                     "'AantalInwoner' meant?"]


@pytest.mark.parametrize(("change", "expected"), [
    (("1000,500", "-1000,500"), "town.csv:2: AantalInwoners (residents): -1000 is negative"),
    (("7.5", "107"), "town.csv:2: HuishoudensMetEenLaagInkomen (households on a low income "
                     "(%)): 107 is above 100%"),
    (("7.5", "."), "town.csv:2: HuishoudensMetEenLaagInkomen (households on a low income (%)): "
                   "no value"),
    (("1800", "dicht"), "town.csv:2: Omgevingsadressendichtheid (addresses per km2 around an "
                        "address): 'dicht' is not a number"),
    (("500,150", "500.5,150"), "town.csv:2: HuishoudensTotaal (private households): 500.5 is "
                               "not a whole number"),
    ((",200,320", ",600,320"), "town.csv:2: Eenpersoonshuishoudens (600) is more than "
                               "HuishoudensTotaal (500): a share above 1"),
    (("150,120", "450,120"), "town.csv:2: the age bands add up to 1300, not to AantalInwoners "
                             "(1000; CBS rounding allows 5%)"),
])
def test_a_bad_value_is_a_file_line_error_naming_the_column(change, expected):
    assert problems(f"{HEADER}\n{GOOD.replace(*change)}\n") == [expected]


def test_every_bad_row_is_reported_at_once_and_a_code_only_once():
    bad = GOOD.replace("1000,500", "-1,500")
    found = problems(f"{HEADER}\n{GOOD}\n{bad}\n{GOOD}\n")
    assert found == ["town.csv:3: AantalInwoners (residents): -1 is negative",
                     "town.csv:4: Codering WK000101: the same code as line 2"]


def test_an_empty_table_is_an_error():
    assert problems("# nothing\n") == ["town.csv:1: no header row and no neighbourhoods"]
    assert problems(f"{HEADER}\n") == ["town.csv:1: a header but no neighbourhoods"]


def test_wijksim_validate_checks_a_table(tmp_path, capsys):
    """`wijksim validate TABLE.csv`: ok with the count, or file:line problems and status 2."""
    from wijksim.cli.main import main

    assert main(["validate", str(EXAMPLES / "example_town.csv")]) == 0
    assert "ok (8 neighbourhoods, 26,070 residents)" in capsys.readouterr().out
    bad = tmp_path / "town.csv"
    bad.write_text(f"{HEADER}\n{GOOD.replace('7.5', '170')}\n")
    assert main(["validate", str(bad)]) == 2
    assert f"{bad}:2: HuishoudensMetEenLaagInkomen" in capsys.readouterr().err


def test_a_table_not_in_utf8_is_named_with_what_to_do(tmp_path):
    """Excel saves CSV in Windows-1252: the file is named, not a bare codec error."""
    path = tmp_path / "town.csv"
    path.write_bytes(f"{HEADER}\n{GOOD}\n".replace("Centrum", "Caf\u00e9").encode("cp1252"))
    with pytest.raises(YamlProblems) as caught:
        read_neighbourhood_table(path)
    [problem] = caught.value.problems
    assert problem.startswith(f"{path}:1: not UTF-8 text") and "save the table" in problem
