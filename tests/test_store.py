"""The staging database a load writes: its row groups and its file name."""
from __future__ import annotations

import duckdb

from core.database import ROW_GROUP_ROWS, staging


def _rows_per_row_group(db, table: str) -> list[int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT row_group_id, sum(count) FROM pragma_storage_info(?) WHERE column_path = '[0]' "
            "GROUP BY row_group_id ORDER BY row_group_id", [table]).fetchall()
    finally:
        con.close()
    return [int(n) for _, n in rows]


def test_a_load_writes_row_groups_no_larger_than_its_setting(tmp_path):
    # Smaller row groups bound what each checkpoint of a load rewrites (DuckDB's default is 122,880 rows).
    db = tmp_path / "obras.duckdb"
    total = ROW_GROUP_ROWS * 3 + 100
    with staging(db) as con:
        con.execute("INSERT INTO rejects (source_id, locator, reason) "
                    "SELECT 's', 'line ' || i, 'r' FROM range(?) t(i)", [total])
    sizes = _rows_per_row_group(db, "rejects")
    assert sum(sizes) == total
    assert max(sizes) <= ROW_GROUP_ROWS
    assert len(sizes) >= 4


def test_a_database_path_with_a_quote_is_written_and_published(tmp_path):
    folder = tmp_path / "it's here"
    folder.mkdir()
    db = folder / "o'brien.duckdb"
    with staging(db) as con:
        con.execute("INSERT INTO rejects (source_id, locator, reason) VALUES (?, ?, ?)", ["s", "line 1", "r"])
    assert db.exists()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT source_id, locator, reason FROM rejects").fetchall() == [("s", "line 1", "r")]
    finally:
        con.close()


def test_a_load_spills_beside_its_database_not_into_the_working_directory(tmp_path):
    db = tmp_path / "obras.duckdb"
    with staging(db) as con:
        assert con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] == f"{db}.loading.tmp"
