"""Projects are linked to their processes: exact ocids, Nuevo León's `Release-<ocid>` / `-v001` forms, and the
tender id under the same ocid prefix; references that match nothing stay unlinked (never guessed)."""
from __future__ import annotations

import duckdb

from loaders.compile.link import link_projects
from core.contract import create_tables


def database(processes: list[tuple[str, str | None, str]], refs: list[str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_tables(con)
    for ocid, tender_id, inner in processes:
        con.execute("INSERT INTO processes (ocid, tender_id, json) VALUES (?, ?, ?)",
                    [ocid, tender_id, '{"ocid": "%s"}' % inner])
    for i, ref in enumerate(refs):
        con.execute("INSERT INTO project_processes (project_id, process_ref) VALUES (?, ?)", [f"p{i}", ref])
    return con


def links(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT process_ref, ocid FROM project_processes").fetchall())


def test_each_reference_form_finds_its_process_and_unknown_ones_stay_unlinked():
    con = database(
        [("ocds-abc123-1", "T1", "ocds-abc123-1"),
         ("ocds-7wj9x5-X001", "X", "ocds-7wj9x5-X-v001"),
         ("ocds-7wj9x5-Y002", "Y", "ocds-7wj9x5-Y002"),
         ("12345", None, "12345")],
        ["ocds-abc123-1", "Release-ocds-7wj9x5-X", "ocds-7wj9x5-Y", "release-12345", "ocds-zzzzzz-9", "nada"])
    assert link_projects(con) == 4
    assert links(con) == {
        "ocds-abc123-1": "ocds-abc123-1",          # exact
        "Release-ocds-7wj9x5-X": "ocds-7wj9x5-X001",  # the compiled release's own ocid, version removed
        "ocds-7wj9x5-Y": "ocds-7wj9x5-Y002",        # tender id under the same prefix
        "release-12345": "12345",                   # the reference without its lead word
        "ocds-zzzzzz-9": None,
        "nada": None,
    }


def test_links_are_recomputed_from_scratch_on_each_call():
    con = database([("ocds-abc123-1", "T1", "ocds-abc123-1")], ["ocds-abc123-1"])
    assert link_projects(con) == 1
    con.execute("DELETE FROM processes")
    assert link_projects(con) == 0
    assert links(con) == {"ocds-abc123-1": None}

