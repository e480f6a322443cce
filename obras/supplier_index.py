"""The suppliers' tables: every award's suppliers with the supplier key they are known by
(`supplier_awards`), one row per supplier with its wins, amount and summary (`suppliers`), one row per
supplier and buyer it won from with the buyer's totals (`supplier_buyers`), and the supplier's indicator
results counted per indicator and outcome (`supplier_flag_counts`); rebuilt by every refresh
(obras.update.REFRESHES, after the indicators) into core/contract/search/.

Why tables: the supplier profile (ui/queries_profiles.py, page Proveedores) knows a supplier by its RFC,
read from 4,000,000 parties rows at a million processes; working that out at query time took 4-19 s per
query and 111 s for the page's first run. Over these tables a profile is a lookup of a few rows. The busiest supplier of the 1,000,000-process demo
has 23,918 awards from 20 buyers and 255,028 indicator results: its buyers' shares (every award of those
buyers joined to its process) took 1-2 s and its results 13 s and more to read whole, so the page reads
their counts here and shows one page of rows at a time.

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
SELECT r.ocid, r.award_id, r.status, r.date, r.value, r.currency, r.party_id, r.name, r.identifier, r.rfc,
       CASE WHEN r.rfc IS NOT NULL AND r.rfc NOT IN {_GENERIC} THEN r.rfc ELSE r.party_id END AS supplier_key,
       coalesce(p.buyer_id, p.buyer_name) AS buyer, p.buyer_name, p.ocid IS NOT NULL AS has_process,
       -- what the profile's table of awards shows of the process, so a page of it reads this table only
       p.title, p.method, p.method_details, p.number_of_tenderers
FROM rfc r LEFT JOIN processes p ON p.ocid = r.ocid
"""

_COUNTS = rules.award_counts("a")
_IN_PESOS = rules.in_main_currency("a.currency")

# one row per supplier key: the list Proveedores offers (largest amount first), what its search reads, and
# the figures at the top of its profile
SUPPLIERS_SQL = f"""
SELECT supplier_key, coalesce(mode(name), supplier_key) AS name,
       count(DISTINCT CASE WHEN {_COUNTS} THEN ocid END) AS wins,
       coalesce(sum(CASE WHEN {_COUNTS} AND {_IN_PESOS} THEN value END), 0) AS amount,
       list(DISTINCT strip_accents(lower(coalesce(name, '')))) AS search_names,
       list(DISTINCT lower(party_id)) FILTER (WHERE party_id IS NOT NULL) AS search_ids,
       mode(name) AS top_name, list(DISTINCT name) FILTER (WHERE name IS NOT NULL) AS names,
       list(DISTINCT party_id) AS party_ids, count(*) AS awards,
       count(*) FILTER (WHERE NOT {_COUNTS}) AS other_awards,
       count(DISTINCT CASE WHEN {_COUNTS} THEN buyer END) AS buyers,
       min(date) AS first_award, max(date) AS last_award
FROM supplier_awards a
GROUP BY supplier_key
"""

# per supplier and buyer it won from: its wins and amount there, and everything that buyer awarded (pesos,
# awards that count, every supplier, current processes) with the supplier's share of it
SUPPLIER_BUYERS_SQL = f"""
WITH mine AS (
    SELECT supplier_key, buyer, mode(buyer_name) AS buyer_name, count(DISTINCT ocid) AS wins,
           coalesce(sum(CASE WHEN {_IN_PESOS} THEN value END), 0) AS amount
    FROM supplier_awards a
    WHERE has_process AND {_COUNTS}
    GROUP BY supplier_key, buyer
),
totals AS (
    SELECT coalesce(p.buyer_id, p.buyer_name) AS buyer,
           sum(CASE WHEN {_COUNTS} AND {_IN_PESOS} THEN a.value END) AS buyer_amount,
           count(DISTINCT CASE WHEN {_COUNTS} THEN a.ocid END) AS buyer_processes
    FROM awards a JOIN processes p USING (ocid)
    WHERE {rules.is_current('p')}
    GROUP BY 1
)
SELECT m.supplier_key, m.buyer AS buyer_id, coalesce(m.buyer_name, m.buyer) AS buyer_name, m.wins,
       t.buyer_processes, m.amount, t.buyer_amount,
       CASE WHEN t.buyer_amount > 0 THEN m.amount / t.buyer_amount END AS share
FROM mine m LEFT JOIN totals t ON t.buyer IS NOT DISTINCT FROM m.buyer
"""

# Which indicator results are a supplier's: those about it as a tenderer (any of its party ids, identifiers
# or its key) and those of the processes it won (the result's ocid, or an ocid subject). One SQL for the
# counts below and the rows Proveedores pages through (ui.queries_profiles.supplier_flag_rows), so that the
# two always agree. `won` and `ids` are (supplier_key, ocid) and (supplier_key, id); a result reached by
# several paths counts once.
def supplier_flag_hits_sql(won: str, ids: str, columns: str, where: str = "TRUE", flags: str = "flags") -> str:
    """SQL of the flags rows (`columns` of `flags f`, with w.supplier_key / i.supplier_key as supplier_key)
    that belong to the suppliers of `won` and `ids` (table expressions), filtered by `where` on `f`.
    `flags` may name a part of the table read once (a CTE with the columns used here and in `columns`)."""
    return f"""
    SELECT w.supplier_key, {columns} FROM {flags} f JOIN {won} w ON w.ocid = f.ocid WHERE {where}
    UNION ALL
    SELECT w.supplier_key, {columns} FROM {flags} f JOIN {won} w ON w.ocid = f.subject_id
    WHERE {where} AND f.subject_type = 'ocid' AND f.ocid IS DISTINCT FROM f.subject_id
      AND NOT EXISTS (SELECT 1 FROM {won} w2 WHERE w2.supplier_key = w.supplier_key AND w2.ocid = f.ocid)
    UNION ALL
    SELECT i.supplier_key, {columns} FROM {flags} f JOIN {ids} i ON i.id = f.subject_id
    WHERE {where} AND f.subject_type = 'tenderer'
      AND NOT EXISTS (SELECT 1 FROM {won} w2 WHERE w2.supplier_key = i.supplier_key AND w2.ocid = f.ocid)"""


# a supplier's won processes and its ids, from supplier_awards `a` (filtered by `where`)
def won_sql(where: str = "TRUE") -> str:
    """SQL: (supplier_key, ocid) of the processes each supplier won (awards that count)."""
    return f"(SELECT DISTINCT supplier_key, ocid FROM supplier_awards a WHERE {where} AND {_COUNTS})"


def ids_sql(where: str = "TRUE") -> str:
    """SQL: (supplier_key, id) of the ids a supplier is flagged under as a tenderer: party ids, identifiers
    and the key itself."""
    return f"""(SELECT supplier_key, party_id AS id FROM supplier_awards a WHERE {where} AND party_id IS NOT NULL
              UNION SELECT supplier_key, identifier FROM supplier_awards a WHERE {where} AND identifier IS NOT NULL
              UNION SELECT supplier_key, supplier_key FROM supplier_awards a WHERE {where})"""


SUPPLIER_FLAG_COUNTS_SQL = f"""
SELECT supplier_key, indicator, outcome, count(*) AS results
FROM ({supplier_flag_hits_sql(won_sql(), ids_sql(), "f.indicator, f.outcome")})
GROUP BY ALL
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
    con.execute("DELETE FROM supplier_buyers")
    con.execute(f"INSERT INTO supplier_buyers BY NAME SELECT * FROM ({SUPPLIER_BUYERS_SQL}) ORDER BY supplier_key")
    con.execute("DELETE FROM supplier_flag_counts")
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                   "AND table_name = 'flags'").fetchall()[0][0]:  # the indicators may not have run yet
        con.execute(f"INSERT INTO supplier_flag_counts BY NAME SELECT * FROM ({SUPPLIER_FLAG_COUNTS_SQL}) "
                    "ORDER BY supplier_key, indicator, outcome")
    return con.execute("SELECT count(*) FROM suppliers").fetchall()[0][0]


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES): the suppliers' tables."""
    build(con)
