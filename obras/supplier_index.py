"""The suppliers' tables: every award's suppliers with the supplier key they are known by
(`supplier_awards`), and one row per supplier with its wins and amount (`suppliers`), rebuilt by every
refresh (obras.update.REFRESHES) into core/contract/search/.

Why tables: the supplier profile (ui/queries_profiles.py, page Proveedores) knows a supplier by its RFC,
read from 4,000,000 parties rows at a million processes; working that out at query time took 4-19 s per
query and 111 s for the page's first run. Over these tables a profile is a lookup of a few rows.

A supplier is known by its RFC where one can be read (parties.rfc: identifier, additionalIdentifiers or
the party id; else the same reading of an award's supplier id that has no party row), because party ids
are only unique inside one process; otherwise by its party id. The generic RFCs of the general public and
of foreigners name nobody in particular. A superseded draft's awards are no supplier's wins.
"""
from __future__ import annotations

import duckdb

from core import contract, rules

_GENERIC = "(" + ", ".join("'" + r + "'" for r in rules.GENERIC_RFCS) + ")"

# one row per (award, supplier id) of a current process, with the supplier's name, identifier, RFC and key
SUPPLIER_AWARDS_SQL = f"""
WITH sp AS (
    SELECT a.ocid, a.award_id, a.status, a.date, a.value, a.currency, unnest(a.supplier_ids) AS party_id,
           -- the name the award itself gives (Nuevo León publishes suppliers with no party row), when
           -- every supplier of the award has one, so that names and ids pair up
           unnest(CASE WHEN len(a.supplier_names) = len(a.supplier_ids) THEN a.supplier_names END) AS award_name
    FROM awards a
    WHERE {rules.ocid_is_current('a.ocid')}  -- a superseded draft's awards are no supplier's wins
),
pt AS (
    SELECT ocid, party_id, any_value(name) AS name, any_value(identifier) AS identifier, any_value(rfc) AS rfc
    FROM parties GROUP BY ocid, party_id
),
rfc AS (
    SELECT sp.* EXCLUDE (award_name), coalesce(pt.name, sp.award_name) AS name, pt.identifier,
           -- parties.rfc (identifier, additionalIdentifiers or the party id: loaders.compile.parties), else
           -- the same reading of an award's supplier id that has no party row
           coalesce(pt.rfc, CASE WHEN regexp_matches(upper(trim(coalesce(pt.identifier, ''))), '{rules.RFC_PATTERN}')
                THEN upper(trim(pt.identifier))
                ELSE nullif(regexp_extract(upper(coalesce(sp.party_id, '')), '{rules.RFC_AT_END}', 1), '') END) AS rfc
    FROM sp LEFT JOIN pt USING (ocid, party_id)
)
SELECT ocid, award_id, status, date, value, currency, party_id, name, identifier, rfc,
       CASE WHEN rfc IS NOT NULL AND rfc NOT IN {_GENERIC} THEN rfc ELSE party_id END AS supplier_key
FROM rfc
"""

_COUNTS = rules.award_counts("a")
_IN_PESOS = rules.in_main_currency("a.currency")

# one row per supplier key: the list Proveedores offers (largest amount first) and what its search reads
SUPPLIERS_SQL = f"""
SELECT supplier_key, coalesce(mode(name), supplier_key) AS name,
       count(DISTINCT CASE WHEN {_COUNTS} THEN ocid END) AS wins,
       coalesce(sum(CASE WHEN {_COUNTS} AND {_IN_PESOS} THEN value END), 0) AS amount,
       list(DISTINCT strip_accents(lower(coalesce(name, '')))) AS search_names,
       list(DISTINCT lower(party_id)) FILTER (WHERE party_id IS NOT NULL) AS search_ids
FROM supplier_awards a
GROUP BY supplier_key
"""


def build(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite `supplier_awards` and `suppliers` from the contract tables on `con` (read-write); return
    the number of suppliers."""
    contract.create_tables(con, "search")
    con.execute("DELETE FROM supplier_awards")
    # ordered by key: a profile's lookup of one supplier reads only the row groups that hold it
    con.execute(f"INSERT INTO supplier_awards BY NAME SELECT * FROM ({SUPPLIER_AWARDS_SQL}) ORDER BY supplier_key, ocid")
    con.execute("DELETE FROM suppliers")
    con.execute(f"INSERT INTO suppliers BY NAME SELECT * FROM ({SUPPLIERS_SQL}) ORDER BY amount DESC, supplier_key")
    return con.execute("SELECT count(*) FROM suppliers").fetchall()[0][0]


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES)."""
    build(con)
