"""Every family of real published OCDS / OC4IDS files in ../shared/data loads, with counts checked."""
import json

import duckdb
import pytest

from obras.update import update
from tests.independent import count_tree
from tests.shared import shared_data

FAMILIES = [
    "mx-ocp-sample-data/cdmx",
    "mx-ocp-sample-data/inai-2017",
    "mx-ocp-sample-data/jalisco",
    "mx-ocp-sample-data/apf-shcp",
    "mx-nl-infraestructura-abierta/ocds-record-packages",
    "mx-nl-infraestructura-abierta/inai-pca-record-packages",
    "ocdskit-realdata",
    "ocp-sample-data-other-countries",
    "cardinal-rs-fixtures/indicators",
]


def _count(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()[0][0]


@pytest.mark.parametrize("family", FAMILIES)
def test_family_loads_every_process_and_accounts_for_every_item(family, tmp_path):
    root = shared_data() / family
    ocids, projects = count_tree(root)
    db = tmp_path / "t.duckdb"
    reports = update([str(root)], db=db, refresh=False)
    assert reports
    for r in reports:
        assert r.items_read == r.items_loaded + r.items_rejected, r.uri
    con = duckdb.connect(str(db), read_only=True)
    loaded = {row[0] for row in con.execute("SELECT ocid FROM processes").fetchall()}
    assert loaded == ocids
    assert _count(con, "SELECT count(*) FROM processes") == len(ocids)  # one row per ocid
    stored = con.execute(
        "SELECT sum(items_read), sum(items_loaded), sum(items_rejected) FROM sources").fetchall()[0]
    assert stored[0] == stored[1] + stored[2]
    assert _count(con, "SELECT count(*) FROM rejects") == stored[2]


def test_nuevo_leon_projects_link_to_their_processes_and_lie_in_nuevo_leon(tmp_path, monkeypatch):
    nl = shared_data() / "mx-nl-infraestructura-abierta"
    states = next((shared_data() / "mexico-geo" / "states").glob("*.json*"))
    monkeypatch.setenv("OBRAS_STATE_BOUNDARIES", str(states))
    refs, points = set(), 0
    for path in sorted((nl / "oc4ids-projects").glob("*.json")):
        project = json.loads(path.read_text(encoding="utf-8"))
        refs |= {cp["id"] for cp in project.get("contractingProcesses", [])}
        points += sum(1 for loc in project.get("locations", [])
                      if (loc.get("geometry") or {}).get("coordinates"))
    db = tmp_path / "nl.duckdb"
    update([str(nl / "oc4ids-projects"), str(nl / "ocds-record-packages")], db=db, refresh=False)
    con = duckdb.connect(str(db), read_only=True)
    assert _count(con, "SELECT count(*) FROM projects") == 10
    assert _count(con, "SELECT count(DISTINCT process_ref) FROM project_processes") == len(refs)
    assert _count(con, "SELECT count(DISTINCT process_ref) FROM project_processes WHERE ocid IS NOT NULL") == len(refs)
    assert _count(con, "SELECT count(*) FROM project_locations WHERE lon IS NOT NULL") == points
    assert _count(con, "SELECT count(*) FROM project_locations WHERE lon IS NOT NULL AND state_code = '19'") == points
    # the published [lat, lon] order was swapped, and each swap recorded
    assert _count(con, "SELECT count(*) FROM corrections WHERE rule = 'swap_latlon'") == points
    assert _count(con, "SELECT min(lon) FROM project_locations") < -90


def test_reloading_the_same_files_changes_nothing(tmp_path):
    root = shared_data() / "mx-ocp-sample-data" / "cdmx"
    db = tmp_path / "r.duckdb"
    update([str(root)], db=db, refresh=False)
    con = duckdb.connect(str(db), read_only=True)
    tables = ["sources", "releases", "processes", "parties", "awards", "contracts", "rejects", "corrections"]
    before = {t: _count(con, f"SELECT count(*) FROM {t}") for t in tables}
    con.close()
    reports = update([str(root)], db=db, refresh=False)
    assert {r.status for r in reports} == {"unchanged"}
    con = duckdb.connect(str(db), read_only=True)
    assert {t: _count(con, f"SELECT count(*) FROM {t}") for t in tables} == before


def test_a_process_split_across_two_loads_is_compiled_from_all_its_releases(tmp_path):
    """Publishers that put each release in its own file: a later load must merge with earlier releases."""
    import ocdsmerge

    from tests.test_compile import _release_packages

    by_ocid: dict = {}
    for _, rels in _release_packages(shared_data() / "mx-ocp-sample-data"):
        for r in rels:
            if isinstance(r, dict) and isinstance(r.get("ocid"), str) and isinstance(r.get("date"), str):
                by_ocid.setdefault(r["ocid"], []).append(r)
    ocid, rels = max(by_ocid.items(), key=lambda kv: len(kv[1]))
    assert len(rels) > 1
    db = tmp_path / "split.duckdb"
    for i, r in enumerate(rels):  # one file and one load per release
        path = tmp_path / f"r{i}.json"
        path.write_text(json.dumps({"uri": f"x{i}", "releases": [r]}), encoding="utf-8")
        update([str(path)], db=db, refresh=False)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT release_count FROM processes WHERE ocid = ?", [ocid]).fetchall() == [(len(rels),)]
    assert _count(con, "SELECT count(*) FROM processes WHERE ocid = ?", [ocid]) == 1
    schema = str(shared_data() / "ocds-schema-1.1.5" / "release-schema.json")
    expected = ocdsmerge.Merger(schema=schema).create_compiled_release(rels)
    (stored,) = con.execute("SELECT json FROM processes WHERE ocid = ?", [ocid]).fetchall()[0]
    stored = json.loads(stored)
    # normalisation may fix fields; the merge itself must have taken every release into account
    assert stored["date"] == expected["date"]
    assert sorted(stored) == sorted(expected)
