"""The search index: one row per searchable subject (process, project, buyer, supplier) with its text
already normalised, rebuilt by every refresh (obras.update.REFRESHES) into `search_index`
(core/contract/search/).

Why a table: the dashboard's search (ui/queries_search.py) must answer in under a second at 1,000,000
processes. Plain SQL over the contract tables, normalising at query time (`strip_accents(lower(title))`
over a million titles, distinct supplier names out of 4,000,000 parties) took 1.1-3.8 s of CPU per
search on bench/bench_search.py's database; over this table a search is a scan of prepared text.

Normalisation, the same in SQL (the table) and Python (the query): lower case, accents stripped
(DuckDB `strip_accents(lower(x))`, Python `normalise`), so "construcción" finds "CONSTRUCCION".
"""
from __future__ import annotations

import re
import unicodedata

import duckdb

from core import contract, rules

TABLE = "search_index"
KINDS = ("process", "project", "buyer", "supplier")
# punctuation that separates words ("whole word" ranking): the same characters here and in `words`
SEPARATORS = ".,;:()[]{}<>\"'/\\|-_#+*&!?¿¡«»“”‘’"
_TO_SPACES = str.maketrans(SEPARATORS, " " * len(SEPARATORS))
_SPACES = re.compile(r"\s+")

# A supplier is known by its RFC where one can be read (identifier, else the end of the party id),
# otherwise by its party id: the rule of the supplier profile (ui/queries_profiles.py), so a result
# opens the profile it names (tests/test_search.py checks the two agree on the demo).
RFC_PATTERN = rules.RFC_PATTERN
RFC_AT_END = rules.RFC_AT_END


def normalise(text: object) -> str:
    """Lower case, without accents (NFKD, combining marks dropped), spaces collapsed: the query's form,
    equal to what strip_accents(lower(...)) gives the indexed text ("Construcción  PÚBLICA" ->
    "construccion publica")."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip()


def word_form(text: str) -> str:
    """Separators made spaces, spaces collapsed ("ocds-7wj9x5 (etapa" -> "ocds 7wj9x5 etapa")."""
    return _SPACES.sub(" ", text.translate(_TO_SPACES)).strip()


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _norm(col: str) -> str:
    return f"strip_accents(lower(coalesce({col}, '')))"


def _words(text_sql: str) -> str:
    # our own constant as SQL literals; separators -> spaces, runs of spaces -> one, padded
    spaced = f"translate({text_sql}, {_lit(SEPARATORS)}, {_lit(' ' * len(SEPARATORS))})"
    return f"' ' || trim(regexp_replace({spaced}, '\\s+', ' ', 'g')) || ' '"


_AMOUNT = "coalesce(contract_value, award_value, tender_value)"
_GENERIC = "(" + ", ".join(_lit(r) for r in rules.GENERIC_RFCS) + ")"
# superseded drafts (processes.superseded_by) are not searched: neither they nor their buyers' and suppliers'
# rows; their own pages still open by link
_CURRENT = rules.is_current("processes")

_ROWS = {
    "process": f"""
        SELECT 'process', ocid, title, buyer_name, {_AMOUNT}, {_norm('title')}, ' ' || lower(ocid) || ' '
        FROM processes WHERE ocid IS NOT NULL AND {_CURRENT}""",
    "project": f"""
        SELECT 'project', p.project_id, p.title, coalesce(im.name, p.public_authority_name), p.budget,
               {_norm('p.title')}, ' ' || lower(p.project_id) || ' '
        FROM projects p LEFT JOIN implementers im USING (implementer_id) WHERE p.project_id IS NOT NULL""",
    # a buyer is its id, else its name; the label is its most frequent name (ties: the first in order, so a
    # rebuild gives the same rows)
    "buyer": f"""
        SELECT 'buyer', id, first(buyer_name ORDER BY n DESC, buyer_name), sum(n)::VARCHAR, sum(amount),
               {_norm('first(buyer_name ORDER BY n DESC, buyer_name)')}, ' ' || lower(id) || ' ' || coalesce(
                   lower(regexp_extract(upper(id), '{RFC_AT_END}', 1)) || ' ', '')
        FROM (SELECT coalesce(buyer_id, buyer_name) AS id, buyer_name, count(*) AS n, sum({_AMOUNT}) AS amount
              FROM processes WHERE coalesce(buyer_id, buyer_name) IS NOT NULL AND {_CURRENT} GROUP BY ALL)
        GROUP BY id""",
    # suppliers: parties with the supplier role, and the names awards give (Nuevo León publishes no
    # party rows for them); distinct names first (with how often each is used), so only those are normalised
    "supplier": f"""
        WITH s AS (
            SELECT party_id, name, identifier, rfc, sum(n) AS n FROM (
                SELECT party_id, name, identifier, rfc, count(*) AS n FROM parties
                WHERE list_contains(roles, 'supplier') AND party_id IS NOT NULL
                  AND {rules.ocid_is_current('parties.ocid')} GROUP BY ALL
                UNION ALL
                SELECT party_id, name, NULL AS identifier, NULL AS rfc, count(*) AS n
                FROM (SELECT unnest(supplier_ids) AS party_id, unnest(supplier_names) AS name
                      FROM awards WHERE len(supplier_ids) = len(supplier_names)
                        AND {rules.ocid_is_current('awards.ocid')}) GROUP BY ALL)
            GROUP BY ALL),
        rfc AS (
            SELECT * EXCLUDE (rfc), coalesce(rfc, CASE WHEN regexp_matches(upper(trim(coalesce(identifier, ''))), '{RFC_PATTERN}')
                           THEN upper(trim(identifier))
                           ELSE nullif(regexp_extract(upper(party_id), '{RFC_AT_END}', 1), '') END) AS rfc
            FROM s WHERE party_id IS NOT NULL),
        keyed AS (SELECT *, CASE WHEN rfc IS NOT NULL AND rfc NOT IN {_GENERIC} THEN rfc ELSE party_id END AS id
                  FROM rfc)
        SELECT 'supplier', id, first(name ORDER BY n DESC, name NULLS LAST),
               string_agg(DISTINCT party_id, ', ' ORDER BY party_id), NULL::DOUBLE,
               {_norm('first(name ORDER BY n DESC, name NULLS LAST)')},
               ' ' || lower(id) || ' ' || string_agg(DISTINCT lower(party_id), ' ' ORDER BY lower(party_id)) || ' '
               || coalesce(string_agg(DISTINCT lower(trim(identifier)), ' ' ORDER BY lower(trim(identifier))) || ' ',
                           '')
        FROM keyed GROUP BY id""",
}


def build(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite `search_index` from the contract tables on `con` (read-write); return its row count."""
    contract.create_tables(con, "search")
    con.execute(f"DELETE FROM {TABLE}")
    for kind in KINDS:
        con.execute(f"""
            INSERT INTO {TABLE} (kind, id, label, detail, amount, text, ids, words, haystack)
            SELECT kind, id, label, detail, amount, text, strip_accents(ids), {_words('text')}, text || strip_accents(ids)
            FROM ({_ROWS[kind]}) r(kind, id, label, detail, amount, text, ids)""")
    return con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0]


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES)."""
    build(con)
