"""Point in polygon for states and municipalities, and the boundary sets of ../shared/data/mexico-geo."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from loaders.compile.geo import Locator, _features, _shape, in_mexico
from loaders.compile.registries import Resolver
from tests.shared import shared_data


@pytest.mark.parametrize("lon, lat, inside", [
    (-100.31, 25.67, True), (-89.62, 20.97, True), (-117.0, 32.5, True), (-118.3, 29.0, True),  # Isla Guadalupe
    (25.67, -100.31, False), (2.35, 48.85, False), (-100.0, 35.0, False), ("x", 20, False), (None, None, False),
    (True, 20, False),
])
def test_in_mexico_bbox(lon, lat, inside):
    assert in_mexico(lon, lat) is inside


def test_without_boundaries_locate_answers_none():
    assert Locator().locate(-100.31, 25.67) == (None, None)


def _square(x0, y0, size=1.0):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]}


def _write(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_states_by_iso_id_and_municipalities_by_cvegeo(tmp_path):
    states = _write(tmp_path / "states.json", [
        {"type": "Feature", "id": "MX-NLE", "properties": {"name": "Nuevo León"}, "geometry": _square(-101, 25)},
        {"type": "Feature", "properties": {"id": "MX-YUC"}, "geometry": _square(-90, 20)},
    ])
    munis = tmp_path / "munis"
    munis.mkdir()
    _write(munis / "a.geojson", [{"type": "Feature", "properties": {"CVEGEO": "19039", "NOMGEO": "Monterrey"},
                                  "geometry": _square(-100.5, 25.5, 0.5)}])
    _write(munis / "b.json", [{"type": "Feature", "properties": {"CVE_ENT": "31", "CVE_MUN": "50"},
                               "geometry": _square(-90, 20, 0.5)}])
    loc = Locator(states, munis)
    assert loc.locate(-100.25, 25.75) == ("19", "19039")
    assert loc.locate(-100.75, 25.25) == ("19", None)  # in the state, outside the municipal polygons
    assert loc.locate(-89.75, 20.25) == ("31", "31050")
    assert loc.locate(-95.0, 18.0) == (None, None)
    assert loc.locate("-100.25", "25.75") == ("19", "19039")
    assert loc.locate(None, 25) == (None, None) and loc.locate(float("nan"), 25) == (None, None)


def test_name_only_municipalities_get_codes_from_a_catalogue(tmp_path):
    munis = _write(tmp_path / "gadm.json", [
        {"type": "Feature", "properties": {"NAME_1": "Yucatán", "NAME_2": "Mérida"}, "geometry": _square(-90, 20, 0.5)},
        {"type": "Feature", "properties": {"NAME_1": "Yucatán", "NAME_2": "Nowhere"}, "geometry": _square(-89, 20, 0.5)},
    ])
    catalogue = tmp_path / "cat.csv"
    catalogue.write_text("CVE_ENT,CVE_MUN,NOM_MUN\n31,050,Mérida\n", encoding="utf-8")
    assert Locator(None, munis, catalogue).locate(-89.8, 20.2) == ("31", "31050")
    assert Locator(None, munis, catalogue).locate(-88.8, 20.2) == ("31", None)
    assert Locator(None, munis).locate(-89.8, 20.2) == ("31", None)


def test_unreadable_boundary_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        Locator(bad)


def test_invalid_features_are_skipped(tmp_path):
    states = _write(tmp_path / "s.json", [
        {"type": "Feature", "id": "MX-NLE", "geometry": None},
        {"type": "Feature", "id": "MX-XXX", "geometry": _square(-101, 25)},
        {"type": "Feature", "id": "MX-JAL", "geometry": {"type": "Polygon", "coordinates": "junk"}},
    ])
    assert Locator(states).locate(-100.5, 25.5) == (None, None)


def test_inegi_lambert_file_matches_the_wgs84_set_after_conversion():
    root = shared_data()
    projected = {f["properties"]["CVEGEO"]: _shape(f["geometry"])
                 for f in _features(root / "mx-nl-infraestructura-abierta" / "geo" / "municipios-geo.json")}
    wgs84 = {f["properties"]["CVEGEO"]: _shape(f["geometry"])
             for f in _features(root / "mexico-geo" / "municipalities-inegi-conabio-2023" / "Nuevo León.json")}
    common = set(projected) & set(wgs84)
    assert len(common) == len(projected) > 0
    # same municipality, two sources: centroids agree to ~0.001 degree (about 100 m)
    assert max(projected[k].centroid.distance(wgs84[k].centroid) for k in common) < 1e-3


def test_real_boundaries_place_state_capitals():
    root = shared_data()
    loc = Locator(root / "mexico-geo" / "states" / "mexicoHigh.json", root / "mexico-geo" / "municipalities-inegi-conabio-2023")
    assert loc.locate(-100.3161, 25.6866) == ("19", "19039")  # Monterrey
    assert loc.locate(-89.6237, 20.9674) == ("31", "31050")  # Mérida
    assert loc.locate(-103.3496, 20.6597)[0] == "14"  # Guadalajara: state only (no Jalisco municipal file there)
    assert loc.locate(-99.1332, 19.4326)[0] == "09"  # Zócalo


def test_every_state_feature_is_mapped_to_its_inegi_code():
    path = shared_data() / "mexico-geo" / "states" / "mexicoHigh.json"
    loc = Locator(path)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert len(set(loc.states.labels)) == len(features) == 32
    for f in features:  # a point inside each state polygon resolves to that state's code
        point = shape(f["geometry"]).representative_point()
        state, _ = loc.locate(point.x, point.y)
        assert state == Resolver().state_code_for(region=f["id"])
