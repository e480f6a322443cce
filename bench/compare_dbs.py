"""Compare two Obras databases table by table: the check that a refactoring changed no result.

    python bench/compare_dbs.py BEFORE.duckdb AFTER.duckdb

For every table in either database: the row counts, and the rows of one that the other lacks
(EXCEPT ALL both ways) over the columns both have, leaving out the columns that record when something
ran (`*_at`, `computed_on`...). Doubles are compared to 9 significant digits, because DuckDB's parallel
sums differ in their last digits between two runs of the same query. Exit status 1 when any table differs.
"""
from __future__ import annotations

import argparse
import sys

import duckdb

# Columns that say when a load or a refresh ran, not what it found.
TIME_COLUMNS = {"loaded_at", "computed_at", "refreshed_at", "started_at", "finished_at", "run_at",
                "as_of", "generated_at", "created_at", "load_date", "measured_at", "validated_at", "seconds"}


def _tables(con: duckdb.DuckDBPyConnection, alias: str) -> dict[str, dict[str, str]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_schema = 'main' ORDER BY table_name, ordinal_position",
        [alias]).fetchall()
    out: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        out.setdefault(table, {})[column] = data_type
    return out


def _expr(column: str, data_type: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    if data_type in ("DOUBLE", "FLOAT", "REAL"):
        # 9 significant digits: parallel float sums differ in the last digits from run to run
        return (f"CASE WHEN {quoted} IS NULL OR isnan({quoted}) OR isinf({quoted}) OR {quoted} = 0 "
                f"THEN {quoted} ELSE round({quoted}, 8 - CAST(floor(log10(abs({quoted}))) AS INTEGER)) END")
    if data_type.startswith("TIMESTAMP"):
        return f"CAST({quoted} AS VARCHAR)"
    return quoted


def compare(before: str, after: str, show: int = 3) -> int:
    """Print a line per table; return the number of tables that differ."""
    con = duckdb.connect()
    con.execute("ATTACH ? AS a (READ_ONLY)", [before])
    con.execute("ATTACH ? AS b (READ_ONLY)", [after])
    ta, tb = _tables(con, "a"), _tables(con, "b")
    differing = 0
    for table in sorted(set(ta) | set(tb)):
        if table not in ta or table not in tb:
            side = "before" if table in ta else "after"
            n = con.execute(f'SELECT count(*) FROM {"a" if table in ta else "b"}."{table}"').fetchall()[0][0]
            print(f"{table}: only {side} ({n} rows)")
            differing += n > 0
            continue
        cols = [c for c in ta[table] if c in tb[table] and c not in TIME_COLUMNS]
        dropped = sorted((set(ta[table]) ^ set(tb[table])) - TIME_COLUMNS)
        select = ", ".join(_expr(c, ta[table][c]) for c in cols)
        na = con.execute(f'SELECT count(*) FROM a."{table}"').fetchall()[0][0]
        nb = con.execute(f'SELECT count(*) FROM b."{table}"').fetchall()[0][0]
        # table and column names come from the two databases' own catalogues
        only_a = con.execute(f'SELECT {select} FROM a."{table}" EXCEPT ALL SELECT {select} FROM b."{table}"').fetchall()
        only_b = con.execute(f'SELECT {select} FROM b."{table}" EXCEPT ALL SELECT {select} FROM a."{table}"').fetchall()
        same = not only_a and not only_b and not dropped
        differing += not same
        note = f" columns in one only: {dropped}" if dropped else ""
        print(f"{table}: {na} / {nb} rows, {len(only_a)} only before, {len(only_b)} only after{note}"
              + ("" if same else "  <-- DIFFERS"))
        for row in (only_a[:show] if not same else []):
            print("   before:", str(row)[:300])
        for row in (only_b[:show] if not same else []):
            print("   after: ", str(row)[:300])
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--show", type=int, default=3, help="differing rows printed per table and side")
    parser.add_argument("--ignore", action="append", default=[], metavar="COLUMN",
                        help="also leave out this column (e.g. uri when the inputs were read from another folder)")
    args = parser.parse_args(argv)
    TIME_COLUMNS.update(args.ignore)
    differing = compare(args.before, args.after, args.show)
    print(f"{differing} table(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
