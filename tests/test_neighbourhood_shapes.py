"""Neighbourhood shapes from GeoJSON (issue 10's map): matched to a table by their codes,
problems at the file's line, and the map a municipality run draws from them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from wijksim.experiments.neighbourhood_shapes import parse_shapes, read_shapes
from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
from wijksim.experiments.yaml_files import YamlProblems

FOLDER = Path(__file__).resolve().parents[1] / "scenarios" / "municipalities"
TOWN = FOLDER / "example_town.geojson"
CODES = [n.code for n in read_neighbourhood_table(FOLDER / "example_town.csv")]


def square(code: str, x: float, kind: str = "Polygon", key: str = "statcode") -> dict:
    ring = [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]
    coordinates = [ring] if kind == "Polygon" else ring[0]
    return {"type": "Feature", "properties": {key: code, "name": "x"},
            "geometry": {"type": kind, "coordinates": coordinates}}


def collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, indent=1)


def test_the_example_town_has_a_shape_for_every_neighbourhood():
    shapes = read_shapes(TOWN, CODES)
    assert set(shapes.rings) == set(CODES) and shapes.missing == ()
    assert shapes.code_property == "statcode"
    assert len(shapes.rings["WK999805"]) == 2  # a MultiPolygon: the rural area and an island
    assert all(ring.shape[1] == 2 for rings in shapes.rings.values() for ring in rings)
    assert TOWN.read_text().count("MADE-UP EXAMPLE DATA") == 1


def test_features_are_matched_by_whichever_property_holds_the_codes():
    text = collection(square("WK1", 0, key="wijkcode"), square("WK2", 1, key="wijkcode"),
                      square("WK9", 2, key="wijkcode"))
    shapes = parse_shapes(text, "w.geojson", ["WK1", "WK2", "WK3"])
    assert shapes.code_property == "wijkcode"
    assert set(shapes.rings) == {"WK1", "WK2"} and shapes.missing == ("WK3",)


def test_text_that_is_not_json_is_refused_at_its_line():
    text = collection(square("WK1", 0)).replace('"Polygon"', '"Polygon",,', 1)
    with pytest.raises(YamlProblems, match=r"^w.geojson:\d+: not JSON") as error:
        parse_shapes(text, "w.geojson", ["WK1"])
    line = int(str(error.value).split(":")[1])
    assert '"Polygon",,' in text.splitlines()[line - 1]


def test_a_point_instead_of_a_polygon_is_refused_at_its_feature():
    text = collection(square("WK1", 0), square("WK2", 1, kind="Point"))
    with pytest.raises(YamlProblems, match="WK2: geometry Point, expected Polygon or "
                                           "MultiPolygon") as error:
        parse_shapes(text, "w.geojson", ["WK1", "WK2"])
    line = int(str(error.value).split(":")[1])
    starts = [number for number, text_line in enumerate(text.splitlines(), start=1)
              if text_line.strip() == '"type": "Feature",']
    assert line == starts[1]  # where the second feature starts


def test_shapes_without_the_tables_codes_are_refused_naming_their_properties():
    with pytest.raises(YamlProblems, match=r"no feature has a property holding a code.*"
                                           r"statcode, name"):
        parse_shapes(collection(square("GM0001", 0)), "w.geojson", ["WK1"])
    with pytest.raises(YamlProblems, match="FeatureCollection"):
        parse_shapes('{"type": "Feature"}', "w.geojson", ["WK1"])
    with pytest.raises(YamlProblems, match="feature 1: expected an object"):
        parse_shapes('{"type": "FeatureCollection", "features": [null]}', "w.geojson", ["WK1"])


def test_the_choropleth_draws_every_ring_coloured_by_its_neighbourhood():
    from wijksim.analysis.plots import neighbourhood_choropleth

    shapes = read_shapes(TOWN, CODES)
    summary = pd.DataFrame({"neighbourhood": [*CODES, "municipality"],
                            "cost_total": [float(i) for i in range(len(CODES) + 1)]})
    figure = neighbourhood_choropleth(summary, ["cost_total"], {}, shapes.rings)
    drawn = figure.axes[0].collections[0]
    assert len(drawn.get_paths()) == len(CODES) + 1  # eight outlines and one island
    assert list(drawn.get_array()) == [0, 1, 2, 3, 4, 4, 5, 6, 7]


def test_geojson_without_a_municipality_is_a_usage_error(capsys):
    from wijksim.cli.main import main

    assert main(["run", "scenarios/baseline.yaml", "--geojson", str(TOWN)]) == 2
    assert "--municipality" in capsys.readouterr().err


def test_a_bad_geojson_stops_a_municipality_run_before_it_starts(tmp_path, capsys):
    from wijksim.cli.main import main

    bad = tmp_path / "bad.geojson"
    bad.write_text(collection(square("WK999801", 0, kind="LineString")))
    code = main(["run", "scenarios/baseline.yaml", "--municipality",
                 str(FOLDER / "example_town.csv"), "--geojson", str(bad), "--out",
                 str(tmp_path / "out")])
    assert code == 2
    assert f"{bad}:" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
