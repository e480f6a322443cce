"""Placing a process in a state from what it publishes (loaders.compile.place), and publishers outside the pilot
getting their own implementers row."""
from __future__ import annotations

import duckdb
import pytest

from core.contract import create_tables
from loaders.compile.place import add_outside_implementers, place_by_projects, place_process, state_named_in
from loaders.compile.registries import Resolver

_RESOLVER = Resolver()


def _region(name: str) -> str | None:
    return _RESOLVER.state_code_for(region=name)


def _place(compiled: dict, registry: str | None = None, buyer_region: str | None = None, locate=None):
    return place_process(compiled, registry_state=registry, buyer_region=buyer_region, region_state=_region,
                         locate=locate)


def _item(region: str | None = None, point: list | None = None) -> dict:
    item: dict = {"id": "1"}
    if region is not None:
        item["deliveryAddress"] = {"region": region}
    if point is not None:
        item["deliveryLocation"] = {"geometry": {"type": "Point", "coordinates": point}}
    return item


def test_the_items_delivery_address_wins_over_the_registry_ignoring_accents_and_case():
    compiled = {"tender": {"items": [_item("NUEVO LEON")]}, "contracts": [{"items": [_item("Nuevo León")]}]}
    assert _place(compiled, registry="14") == ("19", "delivery_address")


def test_items_naming_different_states_place_nothing_by_items():
    compiled = {"tender": {"items": [_item("Jalisco"), _item("Colima")]}}
    assert _place(compiled, registry="14") == ("14", "registry")
    assert _place(compiled) == (None, None)


def test_item_points_are_placed_only_through_a_locator():
    compiled = {"tender": {"items": [_item(point=[-100.3, 25.7])]}}
    assert _place(compiled) == (None, None)
    assert _place(compiled, locate=lambda lon, lat: ("19", None)) == ("19", "item_location")


def test_buyer_address_then_buyer_name_as_last_resorts():
    assert _place({}, buyer_region="Edo. de México") == ("15", "buyer_address")
    federal = {"parties": [{"id": "20147", "name": "delegación SEDESOL en Tabasco", "roles": ["buyer"]}]}
    assert _place(federal) == ("27", "buyer_name")
    assert _place({"buyer": {"name": "Comisión Nacional del Agua"}}) == (None, None)


def test_several_buyers_place_only_when_they_all_name_the_same_state():
    two = {"parties": [{"name": "Instituto Nacional de Psiquiatría", "roles": ["buyer"]},
                       {"name": "delegación SEDESOL en México", "roles": ["buyer"]}]}
    assert _place(two) == (None, None)
    two["parties"][0]["name"] = "Delegación IMSS en el Estado de México"
    assert _place(two) == ("15", "buyer_name")


@pytest.mark.parametrize("name, state", [
    ("delegación SEDESOL en Tabasco", "27"),
    ("Gobierno del Estado de Nuevo León", "19"),
    ("Secretaría de Educación en el Estado de Sonora", "26"),
    ("Hospital Juárez de México", None),  # a proper name, not a place: left unplaced
    ("Servicio de Administración Tributaria", None),
])
def test_a_state_named_in_a_buyers_name(name, state):
    assert state_named_in(name, _region) == state


@pytest.fixture
def con():
    c = duckdb.connect()
    create_tables(c)
    c.execute("INSERT INTO implementers (implementer_id, name, state_code, in_pilot) "
              "VALUES ('nl-gobierno', 'Gobierno del Estado de Nuevo León', '19', true)")
    yield c
    c.close()


def test_publishers_outside_the_pilot_get_their_own_row(con):
    con.execute("""INSERT INTO processes (ocid, implementer_id, state_code, buyer_name) VALUES
        ('a-1', NULL, '27', NULL), ('a-2', NULL, '27', NULL), ('a-3', NULL, NULL, 'Servicio de Administración Tributaria'),
        ('n-1', 'nl-gobierno', '19', 'Gobierno'), ('x-1', NULL, NULL, NULL)""")
    con.execute("""INSERT INTO parties (ocid, party_id, name, roles) VALUES
        ('a-1', '1', 'delegación SEDESOL en Tabasco', ['buyer']), ('a-2', '1', 'Delegación Sedesol en Tabasco', ['buyer']),
        ('a-2', '9', 'Proveedor', ['supplier'])""")
    assert add_outside_implementers(con) == 2
    assert add_outside_implementers(con) == 2  # again: the same rows
    got = dict(con.execute("SELECT ocid, implementer_id FROM processes").fetchall())
    assert got["a-1"] == got["a-2"] == "ext-delegacion-sedesol-en-tabasco"
    assert got["a-3"] == "ext-servicio-de-administracion-tributaria"
    assert got["n-1"] == "nl-gobierno" and got["x-1"] is None  # no name published: stays unassigned
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT implementer_id, name, state_code, in_pilot FROM implementers").fetchall()}
    assert rows["ext-delegacion-sedesol-en-tabasco"] == ("Delegación Sedesol en Tabasco", "27", False)
    assert rows["ext-servicio-de-administracion-tributaria"][1:] == (None, False)
    assert rows["nl-gobierno"][2] is True


def test_the_linked_projects_location_beats_registry_not_the_items(con):
    con.execute("""INSERT INTO processes (ocid, state_code, state_rule) VALUES
        ('p-1', '19', 'registry'), ('p-2', '14', 'delivery_address'), ('p-3', NULL, NULL), ('p-4', '19', 'registry')""")
    con.execute("""INSERT INTO project_processes (project_id, ocid) VALUES
        ('j-1', 'p-1'), ('j-1', 'p-2'), ('j-1', 'p-3'), ('j-2', 'p-4')""")
    con.execute("""INSERT INTO project_locations (project_id, state_code) VALUES
        ('j-1', '05'), ('j-1', '05'), ('j-2', '05'), ('j-2', '28')""")
    assert place_by_projects(con) == 2
    assert place_by_projects(con) == 0  # idempotent
    got = {r[0]: r[1:] for r in con.execute("SELECT ocid, state_code, state_rule FROM processes").fetchall()}
    assert got == {"p-1": ("05", "project_location"), "p-2": ("14", "delivery_address"),
                   "p-3": ("05", "project_location"), "p-4": ("19", "registry")}
