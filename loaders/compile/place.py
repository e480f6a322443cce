"""Where a contracting process's works are, and who publishes a process outside the pilot registry.

A process is placed in a state from what it publishes, the first rule that answers (processes.state_rule):
  delivery_address  the items' deliveryAddress.region names one state (tender, awards and contracts items);
  item_location     the items' deliveryLocation points fall in one state (only with boundary files);
  project_location  the projects that list it have locations in one state (after linking: place_by_projects);
  registry          the pilot implementer's state (data/implementers.csv);
  buyer_address     the buyer party's address.region;
  buyer_name        the buyer's name ends by naming a state ("delegación SEDESOL en Tabasco"), every buyer
                    party naming the same one: federal buyers publish no address (mx-ocp-sample-data/apf-shcp).
Items that name different states place nothing by that rule (the next one is tried). A process no rule
places keeps state_code null: the pages show it as its own row ("Sin estado / federal") and the load
counts it (unplaced).

A process no registry rule assigns to a pilot implementer gets an implementer of its own, outside the pilot
(add_outside_implementers): id `ext-<folded buyer name>`, a row of `implementers` with in_pilot false, named
after the buyer, so that federal or other publishers appear as themselves instead of "Sin asignar".
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # annotations only: a load worker need not import DuckDB
    import duckdb

from loaders.compile.text import key

RULES = ("delivery_address", "item_location", "project_location", "registry", "buyer_address", "buyer_name")
# rules that beat the linked projects' location (what the process itself says about its items)
ITEM_RULES = ("delivery_address", "item_location")
OUTSIDE_PREFIX = "ext-"

# words after which the end of a buyer's name names a place: "... en Tabasco", "Delegación Tabasco",
# "Gobierno del Estado de Jalisco" (the name is folded by loaders.compile.text.key first)
_BEFORE_PLACE = re.compile(r"(?:^|\s)(?:en|delegacion|estado de)\s")


def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list:
    return value if isinstance(value, list) else []


def _items(compiled: dict) -> list[dict]:
    items = list(_l(_d(compiled.get("tender")).get("items")))
    for section in ("awards", "contracts"):
        for obj in _l(compiled.get(section)):
            items += _l(_d(obj).get("items"))
    return [i for i in items if isinstance(i, dict)]


def _one(states: set) -> str | None:
    states.discard(None)
    return states.pop() if len(states) == 1 else None


def buyer_names(compiled: dict) -> list[str]:
    """The buyer's name (buyer.name), else the names of the parties with the buyer role, in published order."""
    name = _d(compiled.get("buyer")).get("name")
    if isinstance(name, str) and name.strip():
        return [name]
    return [p["name"] for p in _l(compiled.get("parties")) if isinstance(p, dict)
            and "buyer" in _l(p.get("roles")) and isinstance(p.get("name"), str) and p["name"].strip()]


def state_named_in(name: Any, region_state: Callable[[str], str | None]) -> str | None:
    """The state a buyer's name ends by naming ("delegación SEDESOL en Tabasco" -> Tabasco's code), else None."""
    if not isinstance(name, str):
        return None
    folded = key(name)
    for m in reversed(list(_BEFORE_PLACE.finditer(folded))):  # the shortest tail first
        found = region_state(folded[m.end():])
        if found:
            return found
    return None


def place_process(compiled: dict, *, registry_state: str | None, buyer_region: str | None,
                  region_state: Callable[[str], str | None],
                  locate: Callable[[Any, Any], tuple[str | None, str | None]] | None = None
                  ) -> tuple[str | None, str | None]:
    """(state_code, state_rule) of a compiled release by the rules of this module (project_location apart:
    it needs the linked projects, see place_by_projects); (None, None) when nothing places it."""
    items = _items(compiled)
    if items:
        found = _one({region_state(r) for i in items
                      if isinstance(r := _d(i.get("deliveryAddress")).get("region"), str) and r.strip()})
        if found:
            return found, "delivery_address"
        if locate is not None:
            points = [g.get("coordinates") for i in items
                      if (g := _d(_d(i.get("deliveryLocation")).get("geometry"))).get("type") == "Point"]
            found = _one({locate(c[0], c[1])[0] for c in points if isinstance(c, list) and len(c) >= 2})
            if found:
                return found, "item_location"
    if registry_state:
        return registry_state, "registry"
    if buyer_region:
        found = region_state(buyer_region)
        if found:
            return found, "buyer_address"
    names = buyer_names(compiled)
    if names:
        named = {state_named_in(n, region_state) for n in names}
        if len(named) == 1 and None not in named:
            return named.pop(), "buyer_name"
    return None, None


def place_by_projects(con: duckdb.DuckDBPyConnection) -> int:
    """Place by the linked projects' locations (rule project_location) every process not placed by its own
    items, when the located points of the projects that list it are all in one state; return how many.

    Run after link_projects. Rules that lose to it (registry, buyer_address, buyer_name) are only replaced,
    so running it again gives the same result."""
    return con.execute(
        f"""WITH one AS (
                SELECT pp.ocid, min(l.state_code) AS state_code
                FROM project_processes pp JOIN project_locations l USING (project_id)
                WHERE pp.ocid IS NOT NULL AND l.state_code IS NOT NULL
                GROUP BY pp.ocid HAVING count(DISTINCT l.state_code) = 1)
            UPDATE processes p SET state_code = one.state_code, state_rule = 'project_location'
            FROM one WHERE p.ocid = one.ocid
              AND (p.state_rule IS NULL OR p.state_rule NOT IN ({', '.join(f"'{r}'" for r in ITEM_RULES)}))
              AND (p.state_rule IS DISTINCT FROM 'project_location' OR p.state_code IS DISTINCT FROM one.state_code)
        """).fetchall()[0][0]


# SQL: the name an outside implementer takes from a process (buyer.name, else the first buyer party's name in
# alphabetical order, so that it does not depend on row order, else the procuring entity's name)
_PROCESS_NAME = """coalesce(nullif(trim(p.buyer_name), ''),
    (SELECT min(pa.name) FROM parties pa WHERE pa.ocid = p.ocid AND list_contains(pa.roles, 'buyer')
       AND nullif(trim(pa.name), '') IS NOT NULL),
    nullif(trim(p.procuring_entity_name), ''))"""
_PROJECT_NAME = "nullif(trim(pr.public_authority_name), '')"


def _outside_id(name_sql: str) -> str:
    """SQL: ext-<name folded to lower-case ASCII words joined by dashes, at most 80 characters>."""
    return (f"'{OUTSIDE_PREFIX}' || left(trim(regexp_replace(strip_accents(lower(trim({name_sql}))), "
            f"'[^a-z0-9]+', '-', 'g'), '-'), 80)")


def add_outside_implementers(con: duckdb.DuckDBPyConnection) -> int:
    """Give every process and project no pilot implementer was resolved for an implementer outside the pilot
    (from its buyer's or public authority's name), and write those implementers' rows (in_pilot false,
    state_code the state of their placed processes when they all share one); return how many there are.

    Run after every load on the whole database (write_registries leaves only the pilot's rows)."""
    pid = _outside_id(_PROCESS_NAME)
    con.execute(f"""UPDATE processes p SET implementer_id = CASE WHEN {_PROCESS_NAME} IS NOT NULL THEN {pid} END
                    WHERE p.implementer_id IS NULL OR starts_with(p.implementer_id, '{OUTSIDE_PREFIX}')""")
    jid = _outside_id(_PROJECT_NAME)
    con.execute(f"""UPDATE projects pr SET implementer_id = CASE WHEN {_PROJECT_NAME} IS NOT NULL THEN {jid} END
                    WHERE pr.implementer_id IS NULL OR starts_with(pr.implementer_id, '{OUTSIDE_PREFIX}')""")
    con.execute("DELETE FROM implementers WHERE NOT coalesce(in_pilot, false)")
    con.execute(
        f"""INSERT INTO implementers (implementer_id, name, state_code, in_pilot)
            WITH named AS (
                SELECT p.implementer_id AS id, {_PROCESS_NAME} AS name, p.state_code FROM processes p
                WHERE starts_with(p.implementer_id, '{OUTSIDE_PREFIX}')
                UNION ALL
                SELECT pr.implementer_id, {_PROJECT_NAME}, pr.state_code FROM projects pr
                WHERE starts_with(pr.implementer_id, '{OUTSIDE_PREFIX}'))
            SELECT id, min(name) AS name,  -- names folding to one id differ in accents or case only
                   CASE WHEN count(DISTINCT state_code) = 1 AND count(state_code) = count(*)
                        THEN min(state_code) END,
                   false
            FROM named WHERE id NOT IN (SELECT implementer_id FROM implementers) GROUP BY id""")
    return con.execute("SELECT count(*) FROM implementers WHERE NOT in_pilot").fetchall()[0][0]
