"""The DuckDB table contract between loaders, metrics, quality and the pages, in one place.

Each owner writes its own tables, declared in `<owner>/schema.sql` with every column documented in
`<owner>/definitions.csv` beside it (tests check the two agree, as Kingfisher Summarize does):

  loaders/  what a load writes: sources, rejects, corrections, releases, processes, parties...
  metrics/  what the indicators' refresh writes: flags, indicator_stats, peer stats, scores
  quality/  what the quality refresh writes: quality_* (quality_history is kept across refreshes)
  search/   what the search refresh writes: search_index (obras/search_index.py), supplier_awards, suppliers,
            supplier_buyers, supplier_flag_counts, flag_keys, flag_keys_state and flag_list_rows
            (obras/supplier_index.py)
  harvest/  what harvests and loads keep about the publishers: harvest_state, changes (obras/harvest.py, changes.py)

One migration policy for a database written by an older version (see `create_tables`):
  - a *kept* table (data no refresh can recompute: everything a load writes, the harvest owner's tables, and quality_history) keeps
    its rows: columns it lacks are added (cheaply, in place, when they come after the ones it has;
    otherwise the table is rebuilt in the contract's column order, its rows copied column by column);
  - a *derived* table (recomputed by every refresh) whose columns differ is dropped and created again.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import duckdb

HERE = Path(__file__).parent
OWNERS = ("loaders", "metrics", "quality", "search", "harvest")
KEPT_DERIVED = ("quality_history",)  # written by a refresh but holding what no refresh can recompute


def schema_sql(owner: str) -> Path:
    """The DDL file of one owner's tables."""
    return HERE / owner / "schema.sql"


def definitions_csv(owner: str) -> Path:
    """The column documentation of one owner's tables."""
    return HERE / owner / "definitions.csv"


def read_definitions(path: Path) -> dict[str, dict[str, str]]:
    """{table: {column: description}} from a definitions file (table,column,description), in file order."""
    out: dict[str, dict[str, str]] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["table"], {})[row["column"]] = row["description"]
    return out


def definitions_lang_csv(owner: str, lang: str) -> Path:
    """The column documentation of one owner's tables in `lang`: definitions.csv is the English original,
    definitions_<lang>.csv its translation (same rows; tests/test_contract_translations.py checks them)."""
    return definitions_csv(owner) if lang == "en" else HERE / owner / f"definitions_{lang}.csv"


def definitions(owner: str | None = None, lang: str = "en") -> dict[str, dict[str, str]]:
    """{table: {column: description}} of one owner's tables, or of every owner's (in OWNERS order), in
    `lang` ("en", the original, or "es")."""
    out: dict[str, dict[str, str]] = {}
    for name in (owner,) if owner else OWNERS:
        out.update(read_definitions(definitions_lang_csv(name, lang)))
    return out


def is_kept(table: str) -> bool:
    """True for tables holding what no refresh can recompute (their rows survive a migration)."""
    return table in _wanted("loaders") or table in _wanted("harvest") or table in KEPT_DERIVED


@lru_cache(maxsize=None)  # the schema files do not change while the program runs: read each once
def _wanted(owner: str) -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, type)]} as the owner's schema.sql declares them (in an empty database)."""
    scratch = duckdb.connect()
    scratch.execute(schema_sql(owner).read_text(encoding="utf-8"))
    return column_types(scratch)


def column_types(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, type)]} of the current database's main schema, in column order."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "ORDER BY table_name, ordinal_position").fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        out.setdefault(table, []).append((column, data_type))
    return out


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """{table: [columns]} as DuckDB sees them in the current database's main schema."""
    return {t: [c for c, _ in cols] for t, cols in column_types(con).items()}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _migrate(con: duckdb.DuckDBPyConnection, table: str, have: list[str], want: list[tuple[str, str]]) -> None:
    """Bring one existing table up to the contract (names and types come from our own schema files)."""
    names = [c for c, _ in want]
    if have == names:
        return
    if not is_kept(table):
        con.execute(f"DROP TABLE {_q(table)}")  # derived: the next refresh fills it again
        return
    if have == names[:len(have)]:
        for column, data_type in want[len(have):]:
            con.execute(f"ALTER TABLE {_q(table)} ADD COLUMN {_q(column)} {data_type}")
        return
    old = f"{table}__old"
    con.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
    con.execute(f"CREATE TABLE {_q(table)} ({', '.join(f'{_q(c)} {t}' for c, t in want)})")
    common = ", ".join(_q(c) for c in names if c in have)
    con.execute(f"INSERT INTO {_q(table)} ({common}) SELECT {common} FROM {_q(old)}")
    con.execute(f"DROP TABLE {_q(old)}")


def create_tables(con: duckdb.DuckDBPyConnection, *owners: str) -> None:
    """Create the tables of `owners` (default: every owner) that do not exist yet, and bring the ones a
    database made by an older version holds up to the contract (the policy in this module's docstring)."""
    existing = table_columns(con)
    for owner in owners or OWNERS:
        for table, want in _wanted(owner).items():
            if table in existing:
                _migrate(con, table, existing[table], want)
        con.execute(schema_sql(owner).read_text(encoding="utf-8"))


def columns_ddl(table: str) -> str:
    """The column list of one contract table as DDL ("indicator VARCHAR, ..."), for temporary tables of
    the same shape."""
    for owner in OWNERS:
        want = _wanted(owner)
        if table in want:
            return ", ".join(f"{_q(c)} {t}" for c, t in want[table])
    raise KeyError(f"{table} is not a contract table")
