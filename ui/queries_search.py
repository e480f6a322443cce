"""The dashboard's one search: processes (title, ocid), projects (title, id), buyers (name, id) and
suppliers (name, RFC, party id), accent- and case-insensitive, ranked.

    hits = search("construcción puente", "process")       # cached; search(con, ...) in tests
    hits[["id", "label", "rank", "total"]]

It reads `search_index` (written by obras/search_index.py at every refresh), where each subject's text is
already lower-cased and stripped of accents; the query gets the same treatment (`normalise`), so
"construcción" finds "CONSTRUCCION" and "Construcción". The query is cut into words; a subject matches
when every word occurs in its text or one of its ids, in any order, as a substring.

How results are ranked (RANK_*, then the largest amount first, then the id):
  0 exact: the whole query equals one of the subject's ids (an ocid, a project id, a buyer id or the RFC
    in it, a supplier's RFC, party id or identifier);
  1 strong: the text starts with the whole query, an id starts with it, or every word of the query is a
    whole word of the text ("puente" in "Construcción de puente", not in "puentes");
  2 substring: every word occurs, at least one only inside a longer word or id.

Speed (bench/bench_search.py, 1,000,000 processes): one scan of the kind's rows with `contains` on
prepared text; see the README.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from obras.search_index import KINDS, TABLE, normalise, word_form
from core.rules import is_current
from ui.db import cached_query

__all__ = ["KINDS", "RANK_EXACT", "RANK_STRONG", "RANK_SUBSTRING", "search", "words", "normalise",
           "index_ready", "buyer_processes"]

RANK_EXACT, RANK_STRONG, RANK_SUBSTRING = 0, 1, 2
MAX_QUERY_CHARS = 200  # longer queries are cut (a search box, not a document)
MAX_WORDS = 8
DEFAULT_LIMIT = 20
COLUMNS = ["kind", "id", "label", "detail", "amount", "rank", "total"]


def words(query: str | None) -> tuple[str, ...]:
    """The normalised words of a query (at most MAX_WORDS, without repeats), in order."""
    text = normalise((query or "")[:MAX_QUERY_CHARS])
    return tuple(dict.fromkeys(text.split(" ")))[:MAX_WORDS] if text else ()


@cached_query
def index_ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has a search index with rows (a database refreshed by this version)."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                         "AND schema_name = 'main' AND table_name = ?", [TABLE]).fetchall()[0][0]
    return bool(exists) and bool(con.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})").fetchall()[0][0])


@cached_query
def search(con: duckdb.DuckDBPyConnection, query: str, kind: str, limit: int = DEFAULT_LIMIT) -> pd.DataFrame:
    """The first `limit` subjects of `kind` (KINDS) matching `query`, best first: columns kind, id (the
    value the profile page takes), label (title or name, as published), detail (buyer, implementer,
    number of processes or party ids), amount, rank (RANK_*), total (number of matches of this kind)."""
    if kind not in KINDS:
        raise ValueError(f"not a search kind: {kind!r}")
    ws = words(query)
    if not ws:
        return pd.DataFrame(columns=COLUMNS)
    whole = " ".join(ws)
    match = " AND ".join("contains(haystack, ?)" for _ in ws)
    rank, rank_params = _rank(ws)
    order = "rank, amount DESC NULLS LAST, id"
    # Ranking every match read three more text columns of each (a common word matches 440,000 processes:
    # most of the time of a search). The first rows are found among a few candidates instead: every exact
    # match, then the largest amounts; ranked alone, they are the answer when enough of them rank strong,
    # since any other strong or substring match comes after all of them (see _candidates_suffice).
    wanted = int(limit) * CANDIDATES_PER_ROW + CANDIDATES_EXTRA
    found = con.execute(
        f"""SELECT r, total FROM (
              SELECT rowid AS r, id, amount, contains(ids, ?) AS exact, count(*) OVER () AS total
              FROM {TABLE} WHERE kind = ? AND {match})
            ORDER BY exact DESC, amount DESC NULLS LAST, id LIMIT ?""",
        [f" {whole} ", kind] + list(ws) + [wanted]).fetchall()
    if not found:
        return pd.DataFrame(columns=COLUMNS)
    total = int(found[0][1])
    rows = con.execute(
        f"""SELECT kind, id, label, detail, amount, {rank} AS rank, ?::BIGINT AS total
            FROM {TABLE} WHERE rowid IN (SELECT unnest(?::BIGINT[])) ORDER BY {order}""",
        rank_params + [total, [r for r, _ in found]]).df()[COLUMNS]
    if _candidates_suffice(rows["rank"], total, int(limit)):
        return rows.head(int(limit)).reset_index(drop=True)
    return _ranked(con, query, kind, limit)


def _rank(ws: tuple[str, ...]) -> tuple[str, list[str]]:
    """The SQL of a match's rank (RANK_*) for the query words `ws`, and its parameters."""
    whole = " ".join(ws)
    forms = [f for f in (word_form(w) for w in ws) if f]
    all_words = " AND ".join("contains(words, ?)" for _ in forms) or "FALSE"
    return (f"""CASE WHEN contains(ids, ?) THEN {RANK_EXACT}
                     WHEN starts_with(text, ?) OR contains(ids, ?) OR ({all_words}) THEN {RANK_STRONG}
                     ELSE {RANK_SUBSTRING} END""",
            [f" {whole} ", whole, f" {whole}"] + [f" {f} " for f in forms])


def _ranked(con: duckdb.DuckDBPyConnection, query: str, kind: str, limit: int) -> pd.DataFrame:
    """search's answer by ranking every match (its definition; search falls back on it)."""
    ws = words(query)
    match = " AND ".join("contains(haystack, ?)" for _ in ws)
    rank, rank_params = _rank(ws)
    sql = f"""
        SELECT kind, id, label, detail, amount, {rank} AS rank, count(*) OVER () AS total
        FROM {TABLE} WHERE kind = ? AND {match}
        ORDER BY rank, amount DESC NULLS LAST, id LIMIT ?"""
    return con.execute(sql, rank_params + [kind] + list(ws) + [int(limit)]).df()[COLUMNS]


CANDIDATES_PER_ROW, CANDIDATES_EXTRA = 4, 20  # candidates ranked per row asked for


def _candidates_suffice(ranks: pd.Series, total: int, limit: int) -> bool:
    """Whether the candidates' first `limit` rows are the search's: the candidates are every match (`total`
    of them), or they hold every exact match (one of them is not exact: exact ones come first) and at least
    `limit` exact or strong ones. A strong match not among them has a smaller amount (or a later id) than
    every candidate that is not exact, so it comes after those; a substring match comes after every strong one."""
    if len(ranks) >= total:
        return True
    return bool((ranks > RANK_EXACT).any() and (ranks <= RANK_STRONG).sum() >= limit)


@cached_query
def buyer_processes(con: duckdb.DuckDBPyConnection, buyer: str, limit: int = 100) -> tuple[int, pd.DataFrame]:
    """(number of processes, the `limit` largest: ocid, title, amount, date) of a buyer given by its id (or
    by its name when it has none), as the search index keys buyers."""
    where = f"coalesce(buyer_id, buyer_name) = ? AND {is_current('processes')}"  # no superseded drafts
    n = con.execute(f"SELECT count(*) FROM processes WHERE {where}", [buyer]).fetchall()[0][0]
    rows = con.execute(
        f"""SELECT ocid, title, coalesce(contract_value, award_value, tender_value) AS amount,
                   tender_start AS date, buyer_name
            FROM processes WHERE {where} ORDER BY amount DESC NULLS LAST, ocid LIMIT ?""",
        [buyer, limit]).df()
    return int(n), rows
