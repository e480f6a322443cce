"""The registries (data/states.csv, data/implementers.csv), their table writer and the Resolver."""
from __future__ import annotations

import csv
import json

import duckdb
import pandas as pd
import pytest
from shapely.geometry import Point, shape

from loaders.compile.registries import IMPLEMENTER_KINDS, Resolver, load_implementers, load_states, write_registries
from loaders.compile.text import key
from tests.shared import shared_data

PILOT_STATES = {"19": "Nuevo León", "02": "Baja California", "07": "Chiapas", "08": "Chihuahua",
                "09": "Ciudad de México", "14": "Jalisco", "16": "Michoacán", "20": "Oaxaca", "31": "Yucatán"}


def test_states_has_the_32_inegi_codes_with_unique_iso_codes():
    states = load_states()
    assert list(states["state_code"]) == [f"{i:02d}" for i in range(1, 33)]
    assert states["iso_code"].is_unique and states["iso_code"].str.match(r"^MX-[A-Z]{3}$").all()
    assert states[["centroid_lon", "centroid_lat"]].notna().all().all()


def test_state_iso_codes_and_names_match_the_shared_boundaries_and_centroids_lie_inside():
    features = json.loads(shared_data().joinpath("mexico-geo", "states", "mexicoHigh.json").read_text(encoding="utf-8"))
    by_iso = {f["id"]: f for f in features["features"]}
    states = load_states()
    assert set(states["iso_code"]) == set(by_iso)
    for row in states.itertuples():
        feature = by_iso[row.iso_code]
        assert key(feature["properties"]["name"]) == key(row.name)
        # the state file is coarse (4 decimals): allow the centroid to touch the boundary
        assert shape(feature["geometry"]).buffer(1e-3).contains(Point(row.centroid_lon, row.centroid_lat)), row.name


def test_implementers_are_23_in_the_9_pilot_states():
    imp = load_implementers()
    assert len(imp) == 23 and imp["implementer_id"].is_unique
    assert set(imp["state_code"]) == set(PILOT_STATES)
    assert set(imp["kind"]) <= set(IMPLEMENTER_KINDS)
    assert imp["source"].str.len().gt(0).all()


def test_municipal_implementers_have_inegi_codes_of_a_municipality_with_their_name():
    catalogue = {}
    path = shared_data().joinpath("mexico-geo", "municipality-centroids", "municip_centroids.csv")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            catalogue[row["concat"]] = row["NOM_MUN"]
    imp = load_implementers()
    municipalities = imp[imp["kind"] == "municipality"]
    assert len(municipalities) > 0
    for row in municipalities.itertuples():
        assert row.municipality_code in catalogue, row.implementer_id
        assert row.municipality_code[:2] == row.state_code
        assert key(catalogue[row.municipality_code]) in key(row.name), (row.name, catalogue[row.municipality_code])
    assert imp.loc[imp["kind"] != "municipality", "municipality_code"].isna().all()


def test_prefixes_in_the_registry_are_the_ones_seen_in_the_shared_files():
    imp = load_implementers()
    root = shared_data()
    text = "".join(p.read_text(encoding="utf-8", errors="ignore").lower()
                   for folder in ("mx-nl-infraestructura-abierta", "mx-ocp-sample-data")
                   for p in (root / folder).rglob("*.json"))
    for prefixes in list(imp["ocid_prefixes"]) + list(imp["project_prefixes"]):
        for prefix in prefixes:
            assert f'"{prefix}-' in text, prefix


def test_write_registries_fills_and_replaces_the_tables():
    con = duckdb.connect()
    write_registries(con)
    write_registries(con)  # replacing, not appending
    assert con.execute("SELECT count(*) FROM states").fetchall()[0][0] == 32
    assert con.execute("SELECT count(*) FROM implementers").fetchall()[0][0] == 23
    row = con.execute("SELECT state_code, ocid_prefixes, project_prefixes, buyer_patterns FROM implementers "
                      "WHERE implementer_id = ?", ["nl-gobierno"]).fetchall()[0]
    assert row[0] == "19" and row[1] == ["ocds-7wj9x5"] and row[2] == ["oc4ids-gx3fo2"] and len(row[3]) >= 1
    nle = con.execute("SELECT iso_code, name, centroid_lon, centroid_lat FROM states WHERE state_code = ?", ["19"]).fetchall()[0]
    assert nle[0] == "MX-NLE" and nle[1] == "Nuevo León" and -101 < nle[2] < -99 and 24 < nle[3] < 27


def test_write_registries_stores_a_missing_municipality_as_null():
    # pandas 3 turned the None of a missing code into NaN, stored as the text 'nan' (10 implementers)
    con = duckdb.connect()
    write_registries(con)
    codes = dict(con.execute("SELECT implementer_id, municipality_code FROM implementers").fetchall())
    registry = load_implementers().set_index("implementer_id")["municipality_code"]
    assert codes["nl-gobierno"] is None and "nan" not in codes.values()
    assert {i for i, c in codes.items() if c is None} == set(registry[registry.isna()].index)
    assert all(c is None or (len(c) == 5 and c.isdigit()) for c in codes.values())


# --- Resolver ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def resolver():
    return Resolver()


def test_ocid_prefix_resolves_the_implementer_case_insensitively(resolver):
    assert resolver.implementer_for_process("ocds-7wj9x5-LO-919009986-E12-2019-v001", "Mpio. Monterrey") == "nl-gobierno"
    assert resolver.implementer_for_process("OCDS-87SD3T-SEFIN-DRM-A-006-2016") == "cdmx-gobierno"


def test_given_implementer_wins_over_prefix_and_names(resolver):
    assert resolver.implementer_for_process("ocds-7wj9x5-1", "Municipio de Monterrey", given="nl-monterrey") == "nl-monterrey"
    assert resolver.implementer_for_project("oc4ids-gx3fo2-000001", given="nl-uanl") == "nl-uanl"


def test_buyer_and_procuring_entity_names_resolve_when_the_prefix_is_unknown(resolver):
    assert resolver.implementer_for_process("ocds-zzzzzz-1", "MPIO. MONTERREY") == "nl-monterrey"
    assert resolver.implementer_for_process("PC-0001", None, "H. Ayuntamiento de Mérida, Yucatán") == "yuc-merida"
    assert resolver.implementer_for_process("ocds-zzzzzz-1", "Universidad Autónoma de Nuevo León") == "nl-uanl"
    assert resolver.implementer_for_process("ocds-zzzzzz-1", "Proveedora del Norte") is None
    assert resolver.implementer_for_process(None, None, None) is None


def test_longest_pattern_wins(resolver):
    # "secretaria de infraestructura del estado de nuevo leon" must not be taken by a shorter generic pattern
    name = "Secretaría de Infraestructura del Estado de Nuevo León"
    assert resolver.implementer_for_process("x", name) == "nl-gobierno"


def test_project_prefix_then_public_authority(resolver):
    assert resolver.implementer_for_project("oc4ids-gx3fo2-000004") == "nl-gobierno"
    assert resolver.implementer_for_project("oc4ids-zzzzzz-1", "Municipio de Umán") == "yuc-uman"
    assert resolver.implementer_for_project(7, None) is None


@pytest.mark.parametrize("region, code", [
    ("Nuevo León", "19"), ("NUEVO LEON", "19"), ("N.L.", "19"), ("CDMX", "09"), ("Distrito Federal", "09"),
    ("Ciudad de Mexico", "09"), ("Edo. de México", "15"), ("Estado de Jalisco", "14"), ("Yucatan", "31"),
    ("Monterrey, Nuevo León", "19"), ("MX-OAX", "20"), ("Michoacán de Ocampo", "16"), ("Atlantis", None), ("", None),
    (None, None),
])
def test_state_code_for_region_names_and_aliases(resolver, region, code):
    assert resolver.state_code_for(region=region) == code


def test_state_code_for_implementer_before_region(resolver):
    assert resolver.state_code_for(implementer_id="yuc-progreso", region="Nuevo León") == "31"
    assert resolver.state_code_for(implementer_id="unknown-id", region="Jalisco") == "14"


def test_resolver_reads_edited_registries():
    states = load_states()
    implementers = pd.DataFrame([{"implementer_id": "x-test", "name": "Prueba", "kind": "municipality", "state_code": "14",
                                  "municipality_code": "14039", "ocid_prefixes": ["ocds-abcdef"], "project_prefixes": [],
                                  "buyer_patterns": ["ayuntamiento de prueba"]}])
    r = Resolver(states, implementers)
    assert r.implementer_for_process("OCDS-ABCDEF-9") == "x-test"
    assert r.implementer_for_process("ocds-000000-9", "H. AYUNTAMIENTO DE PRUEBA") == "x-test"
    assert r.state_code_for(implementer_id="x-test") == "14"
