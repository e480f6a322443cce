"""Map layer builders (ui/maps.py), without Streamlit."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.shared import shared_data
from ui import maps

STATES = pd.DataFrame({
    "state_code": ["09", "14", "19", "31"], "iso_code": ["MX-CMX", "MX-JAL", "MX-NLE", "MX-YUC"],
    "name": ["Ciudad de México", "Jalisco", "Nuevo León", "Yucatán"],
    "lon": [-99.1, -103.6, -100.0, None], "lat": [19.4, 20.6, 25.6, None],
    "processes": [0, 5, 20, 3],
})


def _feature(props, fid=None):
    feat = {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
    if fid:
        feat["id"] = fid
    return feat


def test_scale_colors_darken_with_the_value_and_grey_out_missing_values():
    low, high, none = maps.scale_colors([1.0, 10.0, None])
    assert none == maps.NO_DATA_COLOR
    assert sum(high[:3]) < sum(low[:3])  # darker is higher
    assert maps.scale_colors([None, float("nan")]) == [maps.NO_DATA_COLOR, maps.NO_DATA_COLOR]


def test_risk_colors_go_from_green_to_red_by_score_or_flag_count():
    green, red = maps.risk_colors([0, 100], "score")
    assert green[1] > green[0] and red[0] > red[1]
    # scores are scaled to the highest in view: 40 of at most 40 is as red as 100 of 100
    assert maps.risk_colors([0, 40], "score")[1] == red
    assert maps.risk_colors([4], "flags") == maps.risk_colors([9], "flags")  # capped
    assert maps.risk_colors([None], "flags") == [maps.NO_DATA_COLOR]


def test_radius_grows_with_the_square_root_of_the_amount():
    r = maps.radius_m([0, 25, 100], min_m=0, max_m=100)
    assert r == [0, 50, 100]
    assert maps.radius_m([None, -5]) == [800.0, 800.0]


@pytest.mark.parametrize("feature, code", [
    (_feature({"name": "x"}, fid="MX-NLE"), "19"),
    (_feature({"CVE_ENT": "14", "NOMGEO": "x"}), "14"),
    (_feature({"CVEGEO": "09015"}), "09"),
    (_feature({"NOM_ENT": "YUCATAN"}), "31"),
    (_feature({"name": "Distrito Federal"}), "09"),
    (_feature({"name": "Atlantis"}), None),
])
def test_match_state_by_iso_code_inegi_code_or_name(feature, code):
    assert maps.match_state(feature, STATES) == code


def test_every_state_of_the_shared_boundaries_file_matches_the_registry():
    path = shared_data() / "mexico-geo" / "states" / "mexicoHigh.json"
    geo = maps.load_boundaries(path)
    registry = pd.read_csv(maps.__file__.replace("ui/maps.py", "data/states.csv"), dtype=str)
    registry["lon"] = None
    registry["lat"] = None
    registry["processes"] = 1
    isos = set(registry["iso_code"])
    expected = sum(1 for f in json.loads(path.read_text(encoding="utf-8"))["features"] if f.get("id") in isos)
    layer, matched = maps.state_choropleth(geo, registry, "processes", str)
    assert matched == expected == len(geo["features"])
    assert {f["properties"]["state_code"] for f in layer.data["features"]} == set(registry["state_code"])


def test_choropleth_colours_matched_states_and_greys_the_rest():
    geo = {"type": "FeatureCollection", "features": [_feature({}, "MX-NLE"), _feature({"name": "Atlantis"})]}
    layer, matched = maps.state_choropleth(geo, STATES, "processes", lambda v: f"{v} procesos")
    assert matched == 1
    nl, other = layer.data["features"]
    assert nl["properties"]["value_label"] == "20 procesos" and nl["properties"]["name"] == "Nuevo León"
    assert other["properties"]["fill"] == maps.NO_DATA_COLOR and other["properties"]["state_code"] is None
    assert layer.id == maps.STATE_LAYER_ID and layer.pickable


def test_project_layer_keeps_ids_for_selection_and_text_for_tooltips():
    points = pd.DataFrame({"project_id": ["a", "b"], "title": ["<b>Obra</b>", None], "implementer": ["X", None],
                           "lon": [-100.0, -99.0], "lat": [25.0, 19.0], "amount": [1e6, None], "risk": [2, None]})
    points.attrs["risk_kind"] = "flags"
    layer = maps.project_layer(points, lambda a: f"${a}", lambda r: "—" if pd.isna(r) else f"{int(r)} banderas")
    data = layer.data  # pydeck keeps DataFrame rows as records
    assert [r["project_id"] for r in data] == ["a", "b"] and data[0]["name"] == "<b>Obra</b>"
    assert data[0]["detail"] == "X · 2 banderas"
    assert data[1]["detail"] == "—"  # no implementer: the risk label alone
    deck = maps.make_deck([layer], maps.view_for(points["lon"], points["lat"]))
    spec = json.loads(deck.to_json())
    assert "html" not in spec.get("tooltip", {})  # text tooltips: titles are never parsed as HTML
    # offline by default: no provider, and the style marker that keeps Streamlit from adding Carto's
    assert spec.get("mapProvider") in (None, "") and spec.get("mapStyle") == maps.NO_BASEMAP_STYLE


def test_online_basemap_is_opt_in():
    spec = json.loads(maps.make_deck([], dict(maps.MEXICO_VIEW), basemap="carto").to_json())
    assert spec["mapProvider"] == "carto"


def test_view_frames_the_points_and_falls_back_to_mexico():
    assert maps.view_for([], []) == maps.MEXICO_VIEW
    v = maps.view_for([-100.4, -100.2], [25.6, 25.8])
    assert v["longitude"] == pytest.approx(-100.3) and v["latitude"] == pytest.approx(25.7) and v["zoom"] > 7


def test_picked_reads_project_or_state_from_a_selection():
    sel = {"objects": {maps.PROJECT_LAYER_ID: [{"project_id": "pr1"}]}}
    assert maps.picked(sel) == (None, "pr1")
    sel = {"objects": {maps.STATE_LAYER_ID: [{"properties": {"state_code": "19"}}]}}
    assert maps.picked(sel) == ("19", None)
    assert maps.picked({"objects": {}}) == (None, None)
    assert maps.picked(None) == (None, None)


def test_large_boundary_files_are_simplified_and_bad_files_are_none(tmp_path):
    import math
    ring = [[math.cos(i / 2000 * 2 * math.pi), math.sin(i / 2000 * 2 * math.pi)] for i in range(2000)]
    ring.append(ring[0])
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "MX-NLE", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for _ in range(60)]}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(geo))
    assert path.stat().st_size > maps.SIMPLIFY_ABOVE_BYTES
    small = maps.load_boundaries(path)
    assert len(small["features"]) == 60
    assert len(small["features"][0]["geometry"]["coordinates"][0]) < len(ring) / 4
    (tmp_path / "bad.json").write_text("{not json")
    assert maps.load_boundaries(tmp_path / "bad.json") is None
    assert maps.load_boundaries(tmp_path / "missing.json") is None
